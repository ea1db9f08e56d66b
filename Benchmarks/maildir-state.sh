#!/usr/bin/env bash
# Nightly state on a mail store: a Maildir per user, about 100,000 messages in all, built from
# two synthetic 250 MB mboxes (seeds 9 and 10) split into one file per message (a third in
# new/, the rest in cur/ flagged `:2,S`). Times, with `--jobs 2`: a plain scan, the first
# `--state` scan, the next night's scan of the unchanged store, and a night when one user in
# ten has a new message. Usage: [USERS=n] Benchmarks/maildir-state.sh   (default 100 users).
# Writes a Markdown table to stdout; data goes to $BENCH_DIR (default /tmp/leakscan-bench).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup
BIN="$(scripts/build-release)"
WORK="${BENCH_DIR:-/tmp/leakscan-bench}/maildir-state"
USERS="${USERS:-100}"
mkdir -p "$WORK"
for seed in 9 10; do
    [ -f "$WORK/mbox-$seed/mail.mbox" ] || "$BIN" synth --output "$WORK/mbox-$seed" --size 250M --seed "$seed" >&2
done
STORE="$WORK/store-$USERS"
if [ ! -d "$STORE" ]; then
    python3 - "$STORE" "$USERS" "$WORK/mbox-9/mail.mbox" "$WORK/mbox-10/mail.mbox" <<'EOF'
import os, sys
store, users, mboxes = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
for user in range(users):
    for folder in ("cur", "new", "tmp"):
        os.makedirs(f"{store}/user{user:05d}/Maildir/{folder}", exist_ok=True)
count = 0
def deliver(message):
    global count
    user, folder = count % users, "new" if count % 3 == 0 else "cur"
    name = f"{1700000000 + count}.M{count}P1.bench" + ("" if folder == "new" else ":2,S")
    with open(f"{store}/user{user:05d}/Maildir/{folder}/{name}", "wb") as out:
        out.write(message)
    count += 1
for path in mboxes:
    message = []
    with open(path, "rb") as mbox:
        for line in mbox:
            if line.startswith(b"From ") and message:
                deliver(b"".join(message[1:]))
                message = []
            message.append(line)
    if message:
        deliver(b"".join(message[1:]))
print(f"{count} messages in {users} Maildirs", file=sys.stderr)
EOF
    # Folder times an hour old, as a store's are at night (a folder changed in the last
    # seconds is listed again rather than trusted).
    find "$STORE" -type d -exec touch -d '1 hour ago' {} +
fi
KEY="$WORK/key"
[ -f "$KEY" ] || head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$KEY"
FILES=$(find "$STORE" -type f | wc -l)

seconds() {
    /usr/bin/time -f "%e" -o "$WORK/t" "$BIN" scan --jobs 2 --quiet --fingerprint-key-file "$KEY" "$@" "$STORE" \
        >/dev/null 2>"$WORK/err" || [ $? -eq 1 ]
    tail -n 1 "$WORK/t"
}
rm -f "$WORK/state.sqlite"*
plain=$(seconds)
first=$(seconds --state "$WORK/state.sqlite")
unchanged=$(seconds --state "$WORK/state.sqlite")
# One user in ten gets a message; its new/ folder's time moves, so that folder is listed.
for user in $(seq 0 10 $((USERS - 1))); do
    dir=$(printf '%s/user%05d/Maildir/new' "$STORE" "$user")
    cp "$(find "$dir" -type f | head -n 1)" "$dir/1800000000.M$user.night2"
done
delivered=$(seconds --state "$WORK/state.sqlite")
# Leave the store as it was built, for the next run.
find "$STORE" -name '*.night2' -delete
find "$STORE" -type d -exec touch -d '1 hour ago' {} +

echo "| run ($FILES files, $USERS Maildirs, \`--jobs 2\`) | seconds | against the plain scan | files/s |"
echo "|---|---:|---:|---:|"
for row in "plain scan, no \`--state\`:$plain" "first scan with \`--state\`:$first" \
    "next scan, nothing changed:$unchanged" "next scan, one user in ten has a new message:$delivered"; do
    label=${row%:*}
    s=${row##*:}
    awk -v l="$label" -v s="$s" -v p="$plain" -v f="$FILES" 'BEGIN { printf "| %s | %.2f | %.2f× | %.0f |\n", l, s, s / p, f / s }'
done
