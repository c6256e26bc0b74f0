// The card step of every flow, with the PIN guard made visible: wrong PIN → tries left; one try
// left → the card kit refuses to send the PIN (PIN_LAST_TRY) and the page asks for an explicit
// "send anyway"; blocked → the locked-card screen. Card and reader errors get their own screens.

import { bi, el, errorText, showBox } from './ui.js';

/** Screens for errors raised on the card side (before anything reaches the server). */
export function cardErrorScreen(box, error, { onForce } = {}) {
  const code = error?.code ?? 'ERROR';
  if (code === 'PIN_INCORRECT') {
    const n = error.triesLeft;
    showBox(box, 'fail', `暗証番号が違います（残り ${n} 回）`, `Wrong PIN (${n} ${n === 1 ? 'try' : 'tries'} left)`,
      bi(`あと ${n} 回間違えるとカードがロックされ、市区町村の窓口での再設定が必要になります。`,
        `After ${n} more wrong ${n === 1 ? 'try' : 'tries'} the card locks and must be reset at the municipal office.`, 'p'),
      errorText(error));
    box.dataset.screen = 'pin-incorrect';
    return;
  }
  if (code === 'PIN_LAST_TRY') {
    const force = document.createElement('button');
    force.type = 'button';
    force.className = 'danger';
    force.id = 'force-last-try';
    force.append(bi('最後の 1 回として送信する', 'Send it as the last try'));
    force.addEventListener('click', () => onForce?.());
    showBox(box, 'warn', '残り 1 回です：暗証番号を送信していません', 'Last try: the PIN was not sent',
      bi('次に間違えるとカードがロックされます。暗証番号を確かめてから、明示的に送信してください。',
        'One more wrong PIN locks the card. Check the PIN, then send it explicitly.', 'p'),
      errorText(error), force);
    box.dataset.screen = 'pin-last-try';
    return;
  }
  if (code === 'PIN_BLOCKED') {
    showBox(box, 'fail', 'カードがロックされています', 'The card is locked',
      bi('暗証番号の誤りが上限に達しました。住民票のある市区町村の窓口で暗証番号の再設定を受けてください（このデモでは「新しい仮想カードに差し替える」）。',
        'Too many wrong PINs. The holder must have the PIN reset at their municipal office (in this demo: "Insert a fresh virtual card").', 'p'),
      errorText(error));
    box.dataset.screen = 'card-locked';
    return;
  }
  showBox(box, 'fail', 'カードを読み取れませんでした', 'The card could not be read', errorText({
    code, message: error?.message ?? String(error), messageJa: error?.messageJa ?? error?.message ?? String(error),
  }));
  box.dataset.screen = 'card-error';
}

/**
 * Run `ceremony(reader, force, onProgress)` on the picked reader with progress; on a card error
 * show its screen (a last-try refusal offers `rerun`, which the page makes "the same again with
 * force"). Resolves with the ceremony's result, or null when it failed (the screen is shown).
 */
export async function withCard({ picker, progress, box, button, force = false, ceremony, rerun }) {
  button.disabled = true;
  progress.start();
  try {
    const { reader } = await picker.get();
    return await ceremony(reader, force, (p) => progress.report(p));
  } catch (e) {
    cardErrorScreen(box, e, { onForce: rerun });
    return null;
  } finally {
    button.disabled = false;
    picker.refreshTries();
  }
}

/** Text with the substituted characters (外字 → 代替文字) marked. */
export function markSubstitutes(text, indexes) {
  const span = document.createElement('span');
  const chars = [...(text ?? '')];
  const set = new Set(indexes ?? []);
  chars.forEach((c, i) => {
    if (set.has(i)) {
      const m = el('mark', c, 'subst');
      m.title = 'substitute character / 代替文字';
      span.append(m);
    } else {
      span.append(c);
    }
  });
  if (set.size) {
    span.append(' ', bi(`（代替文字 ${set.size} 字：券面と異なる場合があります）`,
      ` (${set.size} substitute character${set.size > 1 ? 's' : ''}: may differ from the card face)`));
  }
  return span;
}

export const GENDER = { male: ['男', 'male'], female: ['女', 'female'], unknown: ['不明', 'unknown'] };
