// Test double of Web NFC (installed with addInitScript): a NDEFReader whose "tag" is an array
// in the page. write() stores the records; scan() then delivers the stored tag to onreading.
(() => {
  const tag = { records: [] };
  globalThis.__mynaFakeTag = tag;
  globalThis.NDEFReader = class NDEFReader {
    async write(message) {
      tag.records = message.records.map((r) => ({ ...r, data: new Uint8Array(r.data) }));
    }
    async scan() {
      setTimeout(() => {
        const records = tag.records.map((r) => ({ ...r, data: new DataView(r.data.buffer) }));
        this.onreading?.({ message: { records } });
      }, 0);
    }
  };
})();
