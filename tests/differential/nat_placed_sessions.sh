#!/usr/bin/env bash
# A NAT's sessions placed from an imported `conntrack -L`, against the
# running kernel (nat/placed_session.h; scenarios/README.md, "Translations
# already there"). In three private network namespaces, as
# tools/record-nat-fixture builds them (an inside network, a router with an
# nftables masquerade, a server on 203.0.113.2:443 and :444):
#   1. 10.88.0.10 connects from ports 40000-40009 to :443 and holds them:
#      the masquerade keeps each port outside; the router's `conntrack -L`
#      is taken;
#   2. 10.88.0.11 connects from the same ten ports to :443 and to :444.
# The kernel gives 10.88.0.11 other ports toward :443 (the reply 5-tuples
# of step 1 are taken: nf_nat_core.c get_unique_tuple), and toward :444 the
# same port as its connection to :443 from that source port
# (find_appropriate_src: a live flow's mapping is reused). portlab, given
# the scenario imported from step 1's conntrack with 10.88.0.11 making the
# same connections, must do the same.
#
# Usage: nat_placed_sessions.sh PORTLAB WORKDIR
# Needs root, ip, nft, conntrack and python3; without them prints
# "PORTLAB_SKIP: ..." and exits 0.
set -euo pipefail
portlab=$1
work=$2
skip() { echo "PORTLAB_SKIP: $*"; exit 0; }
# With PORTLAB_REQUIRE_NETNS set (CI, as root) a missing namespace fails
# instead of skipping (differential/require_kernel.h).
no_netns() {
  if [ -n "${PORTLAB_REQUIRE_NETNS:-}" ] && [ "${PORTLAB_REQUIRE_NETNS}" != 0 ]; then
    echo "no network namespace, and PORTLAB_REQUIRE_NETNS is set: $*"
    exit 1
  fi
  skip "no network namespace: $*"
}
[ "$(id -u)" = 0 ] || no_netns "not root"
for tool in ip nft conntrack python3; do
  command -v "$tool" >/dev/null || skip "$tool is not installed"
done
mkdir -p "$work"
tag=plct$$
in=$tag-in rtr=$tag-rtr srv=$tag-srv
cleanup() {
  for ns in "$in" "$rtr" "$srv"; do ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null || true; done
  for ns in "$in" "$rtr" "$srv"; do ip netns del "$ns" 2>/dev/null || true; done
}
trap cleanup EXIT
ip netns add "$in" 2>/dev/null || no_netns "ip netns add failed (no CAP_SYS_ADMIN?)"
ip netns add "$rtr"
ip netns add "$srv"
for ns in "$in" "$rtr" "$srv"; do ip -n "$ns" link set lo up; done
ip link add "$tag-i" type veth peer name "$tag-ri" || no_netns "no veth pair"
ip link add "$tag-o" type veth peer name "$tag-s"
ip link set "$tag-i" netns "$in"
ip link set "$tag-ri" netns "$rtr"
ip link set "$tag-o" netns "$rtr"
ip link set "$tag-s" netns "$srv"
ip -n "$in" addr add 10.88.0.10/24 dev "$tag-i"
ip -n "$in" addr add 10.88.0.11/24 dev "$tag-i"
ip -n "$rtr" addr add 10.88.0.1/24 dev "$tag-ri"
ip -n "$rtr" addr add 203.0.113.1/24 dev "$tag-o"
ip -n "$srv" addr add 203.0.113.2/24 dev "$tag-s"
ip -n "$in" link set "$tag-i" up
ip -n "$rtr" link set "$tag-ri" up
ip -n "$rtr" link set "$tag-o" up
ip -n "$srv" link set "$tag-s" up
ip -n "$in" route add default via 10.88.0.1
ip netns exec "$rtr" sysctl -qw net.ipv4.ip_forward=1
ip netns exec "$rtr" nft -f - <<NFT || skip "nft cannot load a masquerade"
table ip portlab_nat {
  chain post { type nat hook postrouting priority 100; oifname "$tag-o" masquerade; }
}
NFT
cat > "$work/server.py" <<'PY'
import socket, threading
def serve(port):
    l = socket.socket(); l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    l.bind(("203.0.113.2", port)); l.listen(4096)
    while True:
        c, _ = l.accept()
        threading.Thread(target=lambda c=c: (c.recv(1), c.close()), daemon=True).start()
for p in (443, 444): threading.Thread(target=serve, args=(p,), daemon=True).start()
threading.Event().wait()
PY
cat > "$work/client.py" <<'PY'
import socket, sys, time
source, ports = sys.argv[1], range(40000, 40010)
held = []
for dport in map(int, sys.argv[2:]):
    for p in ports:
        s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind((source, p)); s.connect(("203.0.113.2", dport)); held.append(s)
print("ready", flush=True)
time.sleep(3600)
PY
ip netns exec "$srv" python3 "$work/server.py" &
sleep 0.5
ip netns exec "$in" python3 "$work/client.py" 10.88.0.10 443 > "$work/first.out" &
for _ in $(seq 50); do grep -q ready "$work/first.out" 2>/dev/null && break; sleep 0.2; done
ip netns exec "$rtr" conntrack -L 2>/dev/null > "$work/conntrack-L.txt"
ip netns exec "$in" python3 "$work/client.py" 10.88.0.11 443 444 > "$work/second.out" &
for _ in $(seq 50); do grep -q ready "$work/second.out" 2>/dev/null && break; sleep 0.2; done
ip netns exec "$rtr" conntrack -L 2>/dev/null > "$work/after.txt"

# The kernel's outside ports for 10.88.0.11, "DPORT OUTSIDE_PORT" per entry.
# "SPORT DPORT OUTSIDE_PORT" for each of 10.88.0.11's connections.
awk '/src=10\.88\.0\.11 / { n = 0; m = 0
  for (i = 1; i <= NF; ++i) { if ($i ~ /^dport=/) d[++n] = substr($i, 7); if ($i ~ /^sport=/) sp[++m] = substr($i, 7) }
  print sp[1], d[1], d[2] }' "$work/after.txt" > "$work/kernel.txt"

# portlab: the imported scenario, 10.88.0.11 and the server added, the same
# connections made at 1 s.
"$portlab" import "$work/conntrack-L.txt" -o "$work/imported.yaml"
{
  sed -n '/^nats:/,$p' "$work/imported.yaml"
  cat <<YAML
name: placed sessions against the kernel
hosts:
  in2: {address: 10.88.0.11}
  srv: {address: 203.0.113.2}
steps:
  - {at: 0s, host: srv, op: listen, proto: tcp, port: 443}
  - {at: 0s, host: srv, op: listen, proto: tcp, port: 444}
YAML
  for dport in 443 444; do
    for p in $(seq 40000 40009); do
      echo "  - {at: 1s, host: in2, op: connect, proto: tcp, to: \"203.0.113.2:$dport\", bind: \"10.88.0.11:$p\", options: [reuseaddr]}"
    done
  done
} > "$work/scenario.yaml"
"$portlab" table "$work/scenario.yaml" --at 2s --host imported-nat > "$work/table.txt"
awk '/10\.88\.0\.11:/ { for (i = 1; i <= NF; ++i) { if ($i ~ /^10\.88\.0\.11:/) s = $i;
       if ($i ~ /^203\.0\.113\.1:/) o = $i; if ($i ~ /^203\.0\.113\.2:/) d = $i }
     sub(/.*:/, "", s); sub(/.*:/, "", o); sub(/.*:/, "", d); print s, d, o }' "$work/table.txt" > "$work/portlab.txt"

python3 - "$work/kernel.txt" "$work/portlab.txt" <<'PY'
import sys
def verdict(path):
    rows = [tuple(map(int, l.split())) for l in open(path) if l.strip()]
    to443 = {s: o for s, d, o in rows if d == 443}
    to444 = {s: o for s, d, o in rows if d == 444}
    ok = (sorted(to443) == list(range(40000, 40010)) and sorted(to444) == sorted(to443)
          and all(not 40000 <= o <= 40009 for o in to443.values())
          and all(to444[s] == to443[s] for s in to444))
    return ok, "%d to :443, every one on another port: %s; %d to :444, each on its :443 port: %s" % (
        len(to443), all(not 40000 <= o <= 40009 for o in to443.values()), len(to444),
        all(to444.get(s) == o for s, o in to443.items()))
status = 0
for name, path in (("kernel", sys.argv[1]), ("portlab", sys.argv[2])):
    ok, text = verdict(path)
    print("%s: %s" % (name, text))
    if not ok:
        status = 1
        print(open(path).read())
sys.exit(status)
PY
