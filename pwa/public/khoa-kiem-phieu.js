// The key ceremony's screen (/dai-hoi/[congress_id]/bieu-quyet/[poll_id]/khoa; docs/ballots.md
// §13, "The browser side"). The page renders one box ``[data-ceremony]`` (data-congress,
// data-poll, data-stream) holding an empty ``[data-ceremony-view]`` that this script draws:
// the progress from GET …/key-ceremony, the buttons its ``actions`` allow, and for a member of
// the counting board his secret work, done here and kept on this device only
// (phieu-kin/device-store.js): the polynomial and the transport key while the run lasts, the
// share s_x for good. Each ``ballot_key.progress`` of the poll on the congress's stream loads
// the progress again; the fingerprint shown is the one this device computes itself. The cards
// are drawn by khoa-kiem-phieu-ve.js, the backup and the restore by khoa-kiem-phieu-sao-luu.js.
import { subscribe } from "/live.js";
import { bytesToHex, decodeScalar, encodeScalar, hexToBytes } from "/phieu-kin/group.js";
import * as ceremony from "/phieu-kin/ceremony.js";
import { loadShare, saveShare } from "/phieu-kin/device-store.js";
import { el, problem } from "/khoa-kiem-phieu-dom.js";
import { progressParts } from "/khoa-kiem-phieu-ve.js";

const UNREACHABLE =
  "Không kết nối được với máy chủ. Màn hình sẽ tự tải lại khi có kết nối.";

async function getJSON(url) {
  let response;
  try {
    response = await fetch(url, { credentials: "same-origin", cache: "no-store" });
  } catch {
    throw new Error(UNREACHABLE); // no answer at all: no network, or the server unreachable
  }
  if (!response.ok) {
    const error = new Error(await problem(response));
    error.status = response.status;
    throw error;
  }
  return response.json();
}

class CeremonyScreen {
  constructor(box) {
    this.box = box;
    this.view = box.querySelector("[data-ceremony-view]");
    this.congress = Number(box.dataset.congress);
    this.poll = Number(box.dataset.poll);
    this.url = `/api/congresses/${this.congress}/polls/${this.poll}/key-ceremony`;
    this.state = null;
    this.record = null; // this member's device-store record for the poll
    this.checked = null; // {ceremony_id, fingerprint, values: Map(sender → share), bad: []}
    this.message = null; // {text, ok}
    this.busy = false;
    this.queue = Promise.resolve();
    this.persistent = new Map(); // forms kept across drawings (typed passphrases stay)
    this.stream = box.dataset.stream;
    this.live = null; // followed from the first read's last_event_id (see follow)
    this.reload();
  }

  // From the congress stream's last event before the first read (GET …/key-ceremony's
  // last_event_id), not from its first event: a congress's stream holds every check-in and
  // every vote's turnout, and none of it is this screen's. A step committed between that id
  // and the read comes again and only reloads what is shown.
  follow(after) {
    if (this.live || !Number.isInteger(after)) return;
    this.live = subscribe(this.stream, {
      kinds: ["ballot_key.progress"],
      after,
      onEvent: (event) => {
        if (Number(event?.data?.poll) === this.poll) this.reload();
      },
    });
  }

  reload() {
    this.queue = this.queue.then(() => this.load()).catch((error) => this.fail(error));
    return this.queue;
  }

  // The read got no answer: read again when the browser is back online or in a few seconds,
  // so the screen recovers, and starts following the stream, without a tap.
  readAgainLater() {
    if (this.retrying) return;
    this.retrying = true;
    const again = () => {
      if (!this.retrying) return;
      this.retrying = false;
      window.removeEventListener("online", again);
      this.reload();
    };
    window.addEventListener("online", again);
    setTimeout(again, 5000);
  }

  fail(error) {
    this.message = { text: error.message || "Lỗi hệ thống, vui lòng thử lại sau.", ok: false };
    this.draw();
  }

  async load() {
    try {
      this.state = await getJSON(this.url);
    } catch (error) {
      this.state = null;
      this.refused = error;
      if (error.status === undefined) this.readAgainLater();
      return this.draw();
    }
    this.refused = null;
    this.follow(this.state.last_event_id);
    const detail = this.state.ceremony;
    const me = this.member();
    if (me) {
      this.record = (await loadShare(this.congress, this.poll, me.user_id)) || null;
      if (detail.status === "kiem_tra" || detail.status === "hoan_tat") await this.check();
      if (detail.status === "hoan_tat") await this.forgetRunSecrets();
    }
    this.draw();
  }

  member() {
    const detail = this.state?.ceremony;
    if (!detail || detail.me == null) return null;
    return detail.members.find((m) => m.x === detail.me) || null;
  }

  /** This run's secrets on this device (the polynomial and the transport key), or null. */
  secrets() {
    const detail = this.state.ceremony;
    const r = this.record;
    if (!r || r.ceremony_id !== detail.ceremony_id || !r.coefficients || !r.transport_secret) {
      return null;
    }
    return {
      coefficients: r.coefficients.map(decodeScalar),
      transport: hexToBytes(r.transport_secret),
    };
  }

  can(action) {
    return (this.state?.actions || []).includes(action);
  }

  async save(changes) {
    this.record = { ...this.record, ...changes };
    await saveShare(this.record);
  }

  // ---- the steps -------------------------------------------------------------------------------

  async act(work) {
    if (this.busy) return;
    this.busy = true;
    this.message = null;
    this.draw();
    try {
      const answer = await work();
      if (answer && answer.ceremony !== undefined) this.state = answer;
    } catch (error) {
      this.message = { text: error.message, ok: false };
    } finally {
      this.busy = false;
    }
    await this.reload();
  }

  start(threshold) {
    return this.act(() => window.dangbo.post(this.url, { threshold }));
  }

  commit() {
    return this.act(async () => {
      const detail = this.state.ceremony;
      const me = this.member();
      const coefficients = ceremony.drawPolynomial(detail.threshold);
      const transport = ceremony.transportKeyPair();
      // Kept before anything is sent: without them this member could not go on after a reload.
      this.record = {
        congress_id: this.congress,
        poll_id: this.poll,
        user_id: me.user_id,
        ceremony_id: detail.ceremony_id,
        x: me.x,
        threshold: detail.threshold,
        size: detail.size,
        coefficients: coefficients.map(encodeScalar),
        transport_secret: bytesToHex(transport.secret),
        backup_saved: false,
      };
      await saveShare(this.record);
      const body = ceremony.commitBody(detail.ceremony_id, me.x, coefficients, transport.secret);
      return window.dangbo.post(`${this.url}/commitments`, body);
    });
  }

  sendShares() {
    return this.act(async () => {
      const detail = this.state.ceremony;
      const own = this.secrets();
      const body = await ceremony.sharesBody(
        detail.ceremony_id,
        detail.me,
        own.coefficients,
        own.transport,
        detail.members,
      );
      return window.dangbo.post(`${this.url}/shares`, body);
    });
  }

  /** Opens the shares sealed to this member (once per run), then applies the revealed ones. */
  async check() {
    const detail = this.state.ceremony;
    const own = this.secrets();
    if (!own && !(this.record?.ceremony_id === detail.ceremony_id && this.record.share)) return;
    if (this.checked?.ceremony_id !== detail.ceremony_id) {
      if (!own) return;
      const listing = await getJSON(`${this.url}/shares`);
      const opened = await ceremony.openShares(
        detail.ceremony_id,
        detail.me,
        own.transport,
        listing,
        detail.members,
      );
      this.checked = { ceremony_id: detail.ceremony_id, values: opened.received, bad: opened.bad };
    }
    // A complaint dismissed: the revealed share (checked by the server against the commitments).
    for (const c of detail.complaints) {
      if (c.accuser === detail.me && c.verdict === "bac" && c.share) {
        this.checked.values.set(c.accused, decodeScalar(c.share));
      }
    }
    this.checked.bad = this.checked.bad.filter((x) => !this.checked.values.has(x));
    if (this.checked.bad.length || !own) return;
    const share = encodeScalar(ceremony.ownShare(own.coefficients, detail.me, this.checked.values));
    const me = this.member();
    const facts = {
      share,
      public_part: me.share_public,
      election_key: detail.election_key,
      fingerprint: bytesToHex(ceremony.fingerprint(detail)),
    };
    if (this.record.share !== share) facts.backup_saved = false; // a backup of another value
    if (Object.entries(facts).some(([k, v]) => this.record[k] !== v)) await this.save(facts);
  }

  complain(accused) {
    return this.act(() => window.dangbo.post(`${this.url}/complaints`, { accused }));
  }

  reveal(accuser) {
    return this.act(() =>
      window.dangbo.post(
        `${this.url}/reveals`,
        ceremony.revealBody(this.secrets().coefficients, accuser),
      ),
    );
  }

  confirm() {
    return this.act(() => {
      const detail = this.state.ceremony;
      const body = ceremony.confirmBody(detail, detail.me, decodeScalar(this.record.share));
      return window.dangbo.post(`${this.url}/confirmation`, body);
    });
  }

  /** Once the key is ready the run's secrets are of no more use: only the share stays. */
  async forgetRunSecrets() {
    const r = this.record;
    if (!r || r.ceremony_id !== this.state.ceremony.ceremony_id) return;
    if (!r.coefficients && !r.transport_secret) return;
    const { coefficients: _c, transport_secret: _t, ...kept } = r;
    this.record = kept;
    await saveShare(kept);
  }

  // ---- drawing -----------------------------------------------------------------------------------

  draw() {
    const focused = document.activeElement;
    const parts = [];
    if (this.message)
      parts.push(
        el("p", { class: this.message.ok ? "ok" : "alert", role: "alert" }, this.message.text),
      );
    if (this.refused) {
      parts.push(el("p", { class: "alert", role: "alert" }, this.refused.message));
    } else if (!this.state) {
      parts.push(el("p", {}, "Đang tải tiến trình…"));
    } else {
      parts.push(...progressParts(this));
    }
    this.view.replaceChildren(...parts);
    if (focused && focused !== document.body && focused.isConnected) focused.focus();
  }

  card(title, ...children) {
    return el("section", { class: "dangbo-ceremony-card" }, el("h2", {}, title), ...children);
  }

  button(label, onClick, attrs = {}) {
    return el(
      "button",
      { type: "button", class: "dangbo-button", disabled: this.busy, ...attrs, onclick: onClick },
      label,
    );
  }

  /** A form element built once and reused by every drawing. */
  keep(name, build) {
    if (!this.persistent.has(name)) this.persistent.set(name, build());
    return this.persistent.get(name);
  }
}

const running = new Map();
function scan() {
  for (const box of document.querySelectorAll("[data-ceremony]")) {
    const key = `${box.dataset.congress}/${box.dataset.poll}`;
    const known = running.get(box);
    if (known && known.key === key) continue;
    if (known) known.screen.live.close();
    if (!Number(box.dataset.congress) || !Number(box.dataset.poll)) continue;
    running.set(box, { key, screen: new CeremonyScreen(box) });
  }
  for (const [box, { screen }] of running) {
    if (!box.isConnected) {
      screen.live.close();
      running.delete(box);
    }
  }
}
new MutationObserver(scan).observe(document.documentElement, {
  childList: true,
  subtree: true,
  attributes: true,
  attributeFilter: ["data-congress", "data-poll"],
});
scan();
