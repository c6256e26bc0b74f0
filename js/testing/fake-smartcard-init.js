// Classic init script (Playwright `addInitScript`): emulates an Isolated Web App for the card kit
// (`__MYNA_EMULATE_IWA__`) and puts a fake `navigator.smartCard` in place before any page script
// runs. Its reader holds the virtual card of js/testing/fake-smartcard.js (loaded on first use
// from the page's own origin); `globalThis.__mynaFakeSmartCard` then holds `{ smartCard, card,
// reader, log }` for the test to inspect.
(() => {
  if (typeof Navigator === 'undefined' || !/^https?:$/.test(location.protocol)) return;
  globalThis.__MYNA_EMULATE_IWA__ = true;
  let pending = null;
  const fake = () => {
    pending ??= import('/js/testing/fake-smartcard.js').then(async (m) => {
      const made = await m.createFakeSmartCard(globalThis.__MYNA_FAKE_SMARTCARD__ ?? {});
      globalThis.__mynaFakeSmartCard = made;
      return made.smartCard;
    });
    return pending;
  };
  const proxy = { establishContext: async () => (await fake()).establishContext() };
  Object.defineProperty(Navigator.prototype, 'smartCard', { configurable: true, get: () => proxy });
})();
