// Classic init script (Playwright `addInitScript`): replaces `navigator.usb` before any page
// script runs with a proxy whose device is the simulated RC-S380 from js/testing/fake-usb.js
// (loaded on first use, from the page's own origin). `globalThis.__mynaFakeUsb` then holds
// `{ usb, device, card }` for the test to inspect. Set `globalThis.__MYNA_FAKE_USB__ =
// { isolated: true }` in an earlier init script to emulate an Isolated Web App (its claim rules,
// and `__MYNA_EMULATE_IWA__` so the card kit offers CCID); `{ reader: 'ccid', level: 'tpdu' }`
// etc. choose the simulated reader (see createFakeUsb in fake-usb.js).
(() => {
  if (typeof Navigator === 'undefined' || !/^https?:$/.test(location.protocol)) return;
  if (globalThis.__MYNA_FAKE_USB__?.isolated === true) globalThis.__MYNA_EMULATE_IWA__ = true;
  let pending = null;
  const fake = () => {
    pending ??= import('/js/testing/fake-usb.js').then(async (m) => {
      const made = await m.createFakeUsb(globalThis.__MYNA_FAKE_USB__ ?? {});
      globalThis.__mynaFakeUsb = made;
      return made.usb;
    });
    return pending;
  };
  const proxy = {
    requestDevice: async (options) => (await fake()).requestDevice(options),
    getDevices: async () => (await fake()).getDevices(),
    addEventListener() {},
    removeEventListener() {},
    onconnect: null,
    ondisconnect: null,
  };
  Object.defineProperty(Navigator.prototype, 'usb', { configurable: true, get: () => proxy });
})();
