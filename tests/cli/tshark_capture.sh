#!/usr/bin/env bash
# tshark_capture.sh PORTLAB SOURCE_DIR NAME [RETRANSMISSIONS]: the capture
# of scenarios/NAME.yaml (`portlab run --pcap`) as Wireshark reads it; a
# NAME ending .yaml is that file under SOURCE_DIR.
#
# Fails on a malformed packet, a bad checksum (IP header, TCP, UDP, ICMP;
# tshark checks them all with the preferences below) or any expert warning
# that a kernel's own capture of the same exchange would not show, and
# prints what tshark reported. Allowed, because a real capture shows them:
#   - "Connection reset (RST)": Wireshark warns on every RST; the kernel
#     sends one for a refused connect(), an abort, and a SYN-SENT that meets
#     a TIME-WAIT's ACK, as these scenarios do.
# Notes (retransmissions, duplicate ACKs, reused ports) are not warnings
# and pass.
#
# With RETRANSMISSIONS, the capture must also hold exactly that many
# packets Wireshark takes for retransmissions and none it takes for a new
# connection reusing the ports ("TCP Port numbers reused"), which is what
# made-up sequence numbers once showed for retransmitted SYNs.
#
# Where tshark is missing, prints "PORTLAB_SKIP: ..." and exits 0; ctest
# reports it skipped (tools/install-deps installs tshark).
set -u
pl=$1 src=$2 name=$3 retransmissions=${4:-}
if ! command -v tshark >/dev/null 2>&1; then
  echo "PORTLAB_SKIP: tshark is not installed (tools/install-deps installs it)"
  exit 0
fi
cd "$src" || exit 2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
scenario=scenarios/$name.yaml
case "$name" in *.yaml) scenario=$name name=$(basename "$name" .yaml) ;; esac
pcap=$dir/$name.pcap
if ! "$pl" run "$scenario" --pcap "$pcap" >/dev/null 2>"$dir/stderr"; then
  echo "portlab run $scenario --pcap failed:"
  cat "$dir/stderr"
  exit 1
fi
prefs=(-o tcp.check_checksum:TRUE -o udp.check_checksum:TRUE -o ip.check_checksum:TRUE)
# tshark warns on stderr when it runs as root; nothing else is expected there.
if ! tshark -n -r "$pcap" "${prefs[@]}" -z expert,warn -q >"$dir/expert" 2>"$dir/tshark.err"; then
  echo "tshark could not read the capture of $scenario:"
  cat "$dir/tshark.err"
  exit 1
fi
status=0
section=
while IFS= read -r line; do
  case "$line" in
    Errors*) section=error; continue ;;
    Warns*) section=warn; continue ;;
    Notes* | Chats* | Comments*) section=; continue ;;
  esac
  [[ "$line" =~ ^[[:space:]]+[0-9]+[[:space:]] ]] || continue
  [ -n "$section" ] || continue
  summary=$(sed -E 's/^ *[0-9]+ +[^ ]+ +[^ ]+ +//' <<<"$line")
  if [ "$section" = warn ] && [ "$summary" = "Connection reset (RST)" ]; then
    continue
  fi
  echo "$scenario: tshark $section: $line"
  status=1
done <"$dir/expert"
if [ -n "$retransmissions" ]; then
  count() { tshark -n -r "$pcap" -Y "$1" 2>/dev/null | wc -l; }
  seen=$(count tcp.analysis.retransmission)
  reused=$(count tcp.analysis.reused_ports)
  if [ "$seen" -ne "$retransmissions" ] || [ "$reused" -ne 0 ]; then
    echo "$scenario: $seen retransmissions (expected $retransmissions), $reused \"port numbers reused\" (expected 0)"
    tshark -n -r "$pcap" 2>/dev/null | head -40
    status=1
  fi
fi
if [ "$status" -ne 0 ]; then
  echo "--- tshark -z expert,warn:"
  cat "$dir/expert"
fi
exit $status
