// The key ceremony screen's backup part (docs/ballots.md §13, "The backup file"): before he
// confirms, a member downloads his share encrypted under a passphrase of his own
// (phieu-kin/backup.js: Argon2id, AES-256-GCM); once the key is ready, a member on a new device
// restores his share from that file, checked against his public part on the progress.
import { BackupError, makeBackup, openBackup, PASSPHRASE_MIN } from "/phieu-kin/backup.js";
import { loadShare, saveShare } from "/phieu-kin/device-store.js";
import { download, el } from "/khoa-kiem-phieu-dom.js";

const RESTORE_ERRORS = {
  not_a_backup: "Tệp này không phải tệp sao lưu phần khóa.",
  wrong_passphrase: "Mật khẩu không đúng, hoặc tệp đã bị sửa.",
  wrong_share: "Phần khóa trong tệp không khớp phần công khai của nó.",
};

function field(id, label, input) {
  return el(
    "div",
    { class: "dangbo-ceremony-field" },
    el("label", { for: id, class: "dangbo-field-label" }, label),
    input,
  );
}

const passphraseInput = (id) =>
  el("input", {
    id,
    type: "password",
    class: "dangbo-input",
    autocomplete: "new-password",
    minlength: PASSPHRASE_MIN,
  });

/** Backup, then confirm: the confirmation says the backup was saved, so it comes after. */
export function backupPanel(screen) {
  const record = screen.record;
  const form = screen.keep("backup", () =>
    el(
      "div",
      {},
      field(
        "backup-passphrase",
        `Mật khẩu sao lưu (ít nhất ${PASSPHRASE_MIN} ký tự)`,
        passphraseInput("backup-passphrase"),
      ),
      field(
        "backup-passphrase-again",
        "Nhập lại mật khẩu",
        passphraseInput("backup-passphrase-again"),
      ),
    ),
  );
  const save = async () => {
    const [first, again] = form.querySelectorAll("input");
    if (first.value.length < PASSPHRASE_MIN) {
      screen.message = { text: `Mật khẩu cần ít nhất ${PASSPHRASE_MIN} ký tự.`, ok: false };
      return screen.draw();
    }
    if (first.value !== again.value) {
      screen.message = { text: "Hai lần nhập mật khẩu không giống nhau.", ok: false };
      return screen.draw();
    }
    screen.busy = true;
    screen.message = { text: "Đang mã hóa tệp sao lưu…", ok: true };
    screen.draw();
    try {
      const text = await makeBackup(screen.record, first.value);
      const name = `phan-khoa-dai-hoi-${record.congress_id}-phieu-${record.poll_id}-so-${record.x}.json`;
      download(name, text);
      await screen.save({ backup_saved: true, saved_at: new Date().toISOString() });
      first.value = again.value = "";
      screen.message = {
        text: `Đã tải tệp sao lưu ${name}. Cất tệp ở nơi an toàn và nhớ mật khẩu.`,
        ok: true,
      };
    } catch (error) {
      screen.message = { text: `Không tạo được tệp sao lưu: ${error.message}`, ok: false };
    } finally {
      screen.busy = false;
      screen.draw();
    }
  };
  const parts = [
    el(
      "p",
      {},
      "Tệp sao lưu giữ phần khóa của bạn, mã hóa bằng mật khẩu bạn đặt. Mất thiết bị thì khôi phục từ tệp này; mất cả tệp lẫn mật khẩu thì không khôi phục được.",
    ),
  ];
  if (record.backup_saved) {
    parts.push(
      el("p", { class: "ok" }, "Đã sao lưu phần khóa."),
      el("p", {}, "Khi mọi người đã đọc dấu vân tay giống nhau, hãy xác nhận."),
      screen.button("Xác nhận khóa", () => screen.confirm()),
    );
  } else {
    parts.push(form, screen.button("Tải tệp sao lưu", save));
  }
  return screen.card("Sao lưu và xác nhận", ...parts);
}

/** Whether this device holds the member's share; restoring it from a backup file if not. */
export function restorePanel(screen) {
  const detail = screen.state.ceremony;
  const me = screen.member();
  const held = screen.record?.ceremony_id === detail.ceremony_id && screen.record.share;
  const form = screen.keep("restore", () =>
    el(
      "div",
      {},
      field(
        "restore-file",
        "Tệp sao lưu",
        el("input", {
          id: "restore-file",
          type: "file",
          accept: ".json,application/json",
          class: "dangbo-input",
        }),
      ),
      field(
        "restore-passphrase",
        "Mật khẩu sao lưu",
        el("input", {
          id: "restore-passphrase",
          type: "password",
          class: "dangbo-input",
          autocomplete: "current-password",
        }),
      ),
    ),
  );
  const restore = async () => {
    const [fileInput, passInput] = form.querySelectorAll("input");
    const file = fileInput.files?.[0];
    if (!file) {
      screen.message = { text: "Hãy chọn tệp sao lưu.", ok: false };
      return screen.draw();
    }
    screen.busy = true;
    screen.draw();
    try {
      const record = await openBackup(await file.text(), passInput.value);
      const ours =
        record.congress_id === screen.congress &&
        record.poll_id === screen.poll &&
        record.user_id === me.user_id &&
        record.ceremony_id === detail.ceremony_id &&
        record.public_part === me.share_public &&
        record.fingerprint === detail.fingerprint;
      if (!ours) {
        screen.message = {
          text: "Tệp này là phần khóa của cuộc bỏ phiếu khác hoặc của thành viên khác.",
          ok: false,
        };
      } else {
        await saveShare(record);
        screen.record = await loadShare(screen.congress, screen.poll, me.user_id);
        passInput.value = "";
        screen.message = {
          text: `Đã khôi phục phần khóa của thành viên số ${record.x} trên thiết bị này.`,
          ok: true,
        };
      }
    } catch (error) {
      const text = error instanceof BackupError ? RESTORE_ERRORS[error.code] : error.message;
      screen.message = { text, ok: false };
    } finally {
      screen.busy = false;
      screen.draw();
    }
  };
  const status = held
    ? el(
        "p",
        { class: "ok", "data-share-held": "" },
        `Thiết bị này giữ phần khóa của bạn (thành viên số ${me.x}).`,
      )
    : el(
        "p",
        { class: "alert" },
        "Thiết bị này chưa có phần khóa của bạn. Hãy khôi phục từ tệp sao lưu.",
      );
  return screen.card(
    "Phần khóa trên thiết bị này",
    status,
    held ? null : form,
    held ? null : screen.button("Khôi phục phần khóa", restore),
  );
}
