#!/bin/sh
# The multi-user server set-up of the README, tried with real accounts on this machine:
# a service account owning the database (0600 in a 0700 folder), staff running Shtab as it
# through a sudo rule for their group, and what each of them can and cannot do.
# Needs root and sudo; every account, group and file it makes is removed at the end.
#
#   sudo scripts/server-setup-test.sh [path/to/shtab]     (default: target/release/shtab)
set -eu

BIN=${1:-target/release/shtab}
[ "$(id -u)" = 0 ] || { echo "run as root" >&2; exit 2; }
command -v sudo >/dev/null || { echo "sudo is needed (apt-get install sudo)" >&2; exit 2; }
[ -x "$BIN" ] || { echo "no binary at $BIN (cargo build --release)" >&2; exit 2; }
for u in shtab-svc shtab-t-sec shtab-t-mem shtab-t-out; do
    ! id "$u" >/dev/null 2>&1 || { echo "account $u exists already; not touching it" >&2; exit 2; }
done
! getent group shtab-staff >/dev/null || { echo "group shtab-staff exists already" >&2; exit 2; }

HOME_SVC=/var/lib/shtab-svc
DB=$HOME_SVC/shtab.db
CMD=/usr/local/lib/shtab-test/shtab
RULE=/etc/sudoers.d/shtab-test

cleanup() {
    rm -f "$RULE"
    rm -rf /usr/local/lib/shtab-test
    for u in shtab-t-sec shtab-t-mem shtab-t-out shtab-svc; do
        userdel -r "$u" >/dev/null 2>&1 || true
    done
    groupdel shtab-staff >/dev/null 2>&1 || true
    rm -rf "$HOME_SVC"
}
trap cleanup EXIT

fail=0
ok()  { echo "ok    $*"; }
bad() { echo "FAIL  $*"; fail=1; }

# 1. The service account and its private folder; the staff group; the staff.
useradd --system --home-dir "$HOME_SVC" --create-home --shell /usr/sbin/nologin shtab-svc
chmod 0700 "$HOME_SVC"
groupadd shtab-staff
useradd --create-home --groups shtab-staff shtab-t-sec
useradd --create-home --groups shtab-staff shtab-t-mem
useradd --create-home shtab-t-out

# 2. The program where only root can change it, and the sudo rule: the staff group may run
#    exactly this program as the service account (sudo resets the environment).
mkdir -p /usr/local/lib/shtab-test
install -m 0755 "$BIN" "$CMD"
echo "%shtab-staff ALL=(shtab-svc) NOPASSWD: $CMD" > "$RULE"
chmod 0440 "$RULE"
visudo -cf "$RULE" >/dev/null

as() { who=$1; shift; setpriv --reuid="$who" --regid="$who" --init-groups -- "$@"; }
shtab_as() { who=$1; shift; as "$who" sudo -n -u shtab-svc "$CMD" --db "$DB" "$@"; }

# 3. The database, made by the service account; the first staff member to manage users
#    becomes its secretary.
sudo -u shtab-svc "$CMD" demo --db "$DB" --scale 30 >/dev/null
mode=$(stat -c %a "$DB")
[ "$mode" = 600 ] && ok "database 0600, owned by $(stat -c %U "$DB")" || bad "database mode $mode"
[ "$(stat -c %a "$HOME_SVC")" = 700 ] && ok "its folder 0700" || bad "folder mode"
shtab_as shtab-t-sec user add shtab-t-mem --role member >/dev/null \
    && ok "shtab-t-sec (through sudo) added a member" || bad "secretary cannot add users"
shtab_as shtab-t-sec user list | grep -q "^shtab-t-sec *secretary" \
    && ok "the caller behind sudo is the login (secretary), not the service account" \
    || bad "caller not taken from sudo"

# 4. What a member cannot do.
if shtab_as shtab-t-mem user add mallory --role chair >/dev/null 2>&1; then
    bad "a member added a chair"
else ok "a member may not add users"; fi
if as shtab-t-mem env USER=shtab-t-sec LOGNAME=shtab-t-sec \
        sudo -n -u shtab-svc "$CMD" --db "$DB" user add mallory --role chair >/dev/null 2>&1; then
    bad "USER=secretary made a member the secretary"
else ok "USER/LOGNAME spoofing changes nothing"; fi
if as shtab-t-mem sudo -n -u shtab-svc env SUDO_USER=shtab-t-sec "$CMD" --db "$DB" user list >/dev/null 2>&1; then
    bad "the sudo rule allowed another command"
else ok "the sudo rule allows nothing but shtab"; fi
if as shtab-t-mem cat "$DB" >/dev/null 2>&1; then bad "a member read the file directly"
else ok "a member cannot open the file directly"; fi
if as shtab-t-mem "$CMD" --db "$DB" user list >/dev/null 2>&1; then bad "shtab without sudo opened it"
else ok "shtab run as the member cannot open it"; fi
if as shtab-t-out sudo -n -u shtab-svc "$CMD" --db "$DB" user list >/dev/null 2>&1; then
    bad "someone outside the group ran it"
else ok "an account outside shtab-staff cannot run it as the service account"; fi
if shtab_as shtab-t-mem restore "$DB" >/dev/null 2>&1; then bad "a member restored"
else ok "a member may not restore"; fi

# 5. The audit log names the staff member, not the service account.
shtab_as shtab-t-sec audit --format json | grep '"user": "shtab-t-sec"' >/dev/null \
    && ok "the audit log names shtab-t-sec" || bad "audit log does not name the caller"
shtab_as shtab-t-sec audit verify >/dev/null && ok "audit verify" || bad "audit verify"

[ "$fail" = 0 ] && echo "all checks passed" || { echo "some checks failed"; exit 1; }
