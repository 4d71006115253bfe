#include "portlab/report/pcapng_capture.h"

#include <filesystem>
#include <system_error>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "portlab/base/strings.h"
#include "portlab/report/packet_bytes.h"

namespace portlab::report {
namespace {

std::string ProbesText(int64_t probes) {
  return absl::StrCat(probes, probes == 1 ? " probe" : " probes");
}

// "mux: sock 3, via lo": the sender's side of a segment (kSegmentSent).
std::string MuxText(const trace::TraceEvent& e) {
  std::string text;
  if (e.socket >= 0) {
    text = absl::StrCat("mux: sock ", e.socket);
  } else if (e.result == trace::kRawProbe) {
    text = "mux: raw socket (a scan's probe)";
  } else {
    text = "mux: no socket (the stack's own reply)";
  }
  if (e.result == trace::kViaLoopback) absl::StrAppend(&text, ", via lo");
  if (e.result == trace::kBroadcast) absl::StrAppend(&text, ", broadcast");
  return text;
}

// "demux: listener-wildcard 0.0.0.0:80 -> sock 0" (kSegmentReceived).
std::string DemuxText(const trace::TraceEvent& e) {
  std::string text = absl::StrCat("demux: ", AV(e.result));
  if (e.matched_socket >= 0) {
    absl::StrAppend(&text, " ", e.matched_local.ToString(), " -> sock ", e.matched_socket);
  }
  return text;
}

std::string FlowText(const net::FlowKey& f) {
  return absl::StrCat(f.local.ToString(), " -> ", f.remote.ToString());
}

PacketDirection DirectionOf(trace::Direction d) {
  return d == trace::Direction::kIn ? PacketDirection::kInbound : PacketDirection::kOutbound;
}

}  // namespace

absl::StatusOr<std::unique_ptr<PcapngCapture>> PcapngCapture::OpenFile(const std::string& path,
                                                                         const scenario::Scenario& scenario,
                                                                         const Provenance& provenance,
                                                                         std::ostream* dash) {
  std::unique_ptr<PcapngCapture> c(new PcapngCapture());
  absl::StatusOr<OutputFile> out = OutputFile::Open(path, dash);
  if (!out.ok()) return out.status();
  c->files_.push_back(File{*std::move(out), nullptr});
  c->AddInterfaces(scenario, /*per_owner=*/false);
  c->StartFiles(provenance);
  return c;
}

absl::StatusOr<std::unique_ptr<PcapngCapture>> PcapngCapture::OpenDir(const std::string& dir,
                                                                        const scenario::Scenario& scenario,
                                                                        const Provenance& provenance) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error || !std::filesystem::is_directory(dir)) {
    const std::string why = error ? error.message() : "a file of that name is in the way";
    return absl::InvalidArgumentError(absl::StrCat(dir, ": cannot make the capture directory (", why, ")"));
  }
  std::unique_ptr<PcapngCapture> c(new PcapngCapture());
  absl::flat_hash_set<std::string> host_names;
  for (const scenario::HostSpec& h : scenario.hosts) host_names.insert(h.name);
  auto open = [&](const std::string& name) -> absl::Status {
    absl::StatusOr<OutputFile> out =
        OutputFile::Open((std::filesystem::path(dir) / absl::StrCat(name, ".pcapng")).string());
    if (!out.ok()) return out.status();
    c->files_.push_back(File{*std::move(out), nullptr});
    return absl::OkStatus();
  };
  for (const scenario::HostSpec& h : scenario.hosts) {
    if (absl::Status s = open(h.name); !s.ok()) return s;
  }
  for (const scenario::NatSpec& n : scenario.nats) {
    if (absl::Status s = open(host_names.contains(n.name) ? absl::StrCat(n.name, ".nat") : n.name); !s.ok()) {
      return s;
    }
  }
  c->AddInterfaces(scenario, /*per_owner=*/true);
  c->StartFiles(provenance);
  return c;
}

void PcapngCapture::AddInterfaces(const scenario::Scenario& scenario, bool per_owner) {
  // Index: host i's link 2i and lo 2i+1; NAT j's inside 2H+2j, outside 2H+2j+1.
  uint32_t owner = 0;
  for (const scenario::HostSpec& h : scenario.hosts) {
    host_names_.push_back(h.name);
    const uint32_t file = per_owner ? owner : 0;
    interfaces_.push_back({h.name, file, std::nullopt});
    interfaces_.push_back({absl::StrCat(h.name, "-lo"), file, std::nullopt});
    ++owner;
  }
  for (const scenario::NatSpec& n : scenario.nats) {
    nat_names_.push_back(n.name);
    const uint32_t file = per_owner ? owner : 0;
    interfaces_.push_back({absl::StrCat(n.name, "-inside"), file, std::nullopt});
    interfaces_.push_back({absl::StrCat(n.name, "-outside"), file, std::nullopt});
    ++owner;
  }
}

void PcapngCapture::StartFiles(const Provenance& provenance) {
  const nlohmann::ordered_json section = {{"portlab", ProvenanceJson(provenance, kPcapngFormat)}};
  const std::vector<std::string> comments = {
      section.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace)};
  for (File& f : files_) {
    f.writer = std::make_unique<PcapngWriter>(f.out.stream());
    f.writer->WriteSectionHeader(ProgramStamp(provenance), comments);
  }
  // Links and NAT sides up front, in scenario order; each lo when first used.
  for (size_t i = 0; i < interfaces_.size(); ++i) {
    const bool lo = i < 2 * host_names_.size() && i % 2 == 1;
    if (lo) continue;
    Interface& iface = interfaces_[i];
    iface.id = files_[iface.file].writer->AddInterface(iface.name);
  }
}

size_t PcapngCapture::InterfaceOf(const trace::Vantage& v) const {
  const size_t hosts = 2 * host_names_.size();
  switch (v.kind) {
    case trace::InterfaceKind::kHostLink: return 2 * size_t{v.index};
    case trace::InterfaceKind::kHostLoopback: return 2 * size_t{v.index} + 1;
    case trace::InterfaceKind::kNatInside: return hosts + 2 * size_t{v.index};
    case trace::InterfaceKind::kNatOutside: return hosts + 2 * size_t{v.index} + 1;
  }
  return 0;
}

const std::string& PcapngCapture::OwnerName(const trace::Vantage& v) const {
  return v.is_nat() ? nat_names_[v.index] : host_names_[v.index];
}

void PcapngCapture::OnPacket(SimTime at, const trace::WirePacket& packet) {
  WriteCurrent();
  const size_t iface = InterfaceOf(packet.vantage);
  if (iface >= interfaces_.size()) return;  // not of this scenario: nothing to show it on
  Record r;
  r.vantage = packet.vantage;
  r.nanos = at.nanos();
  r.bytes = PacketHeaders(packet);
  r.original_length = PacketLength(packet);
  const std::string& owner = OwnerName(packet.vantage);
  if (packet.vantage.direction == trace::Direction::kOut) {
    // The decision that sent it: a host's mux, a NAT's translation.
    Pending& before = packet.vantage.is_nat() ? nat_ : mux_;
    if (before.Holds(owner, r.nanos)) {
      r.comments = before.comments;
      if (!packet.vantage.is_nat()) before = Pending();  // a NAT's may send two (an ICMP, a copy)
    }
  } else {
    nat_ = Pending();  // a new arrival: the last NAT decision is done with
  }
  current_ = std::move(r);
}

bool PcapngCapture::AboutCurrent(const trace::TraceEvent& e) const {
  return current_ && current_->nanos == e.time.nanos() && OwnerName(current_->vantage) == e.host;
}

void PcapngCapture::Attach(std::string comment) { current_->comments.push_back(std::move(comment)); }

void PcapngCapture::OnEvent(const trace::TraceEvent& e) {
  const int64_t at = e.time.nanos();
  switch (e.kind) {
    case trace::TraceKind::kCall:
      // The call that opened a connection chose its port: said on the
      // segment it sends next.
      if (e.probes > 0) {
        call_ = Pending{std::string(e.host), at,
                        {absl::StrCat(AV(e.what), " picked ", e.flow.local.ToString(), " after ", ProbesText(e.probes))}};
        call_socket_ = e.socket;
      }
      break;
    case trace::TraceKind::kSegmentSent: {
      std::string text = MuxText(e);
      if (call_.Holds(e.host, at) && call_socket_ == e.socket && e.socket >= 0) {
        absl::StrAppend(&text, ", ", call_.comments.front());
        call_ = Pending();
      }
      mux_ = Pending{std::string(e.host), at, {std::move(text)}};
      break;
    }
    case trace::TraceKind::kSegmentReceived:
      if (AboutCurrent(e) && current_->vantage.direction == trace::Direction::kIn) Attach(DemuxText(e));
      break;
    case trace::TraceKind::kSegmentDropped:
      if (mux_.Holds(e.host, at)) {
        mux_ = Pending();  // its own output chain dropped it: it never reached an interface
      } else if (AboutCurrent(e)) {
        Attach(absl::StrCat("dropped: ", AV(e.result)));
      }
      break;
    case trace::TraceKind::kNatMappingCreated:
      mapping_created_ = true;
      break;
    case trace::TraceKind::kNatTranslated:
    case trace::TraceKind::kNatDropped: {
      std::string text = e.kind == trace::TraceKind::kNatTranslated
                             ? absl::StrCat("nat ", AV(e.host), " ", AV(e.result), ": ", FlowText(e.flow), " => ",
                                            FlowText(e.translated), ", ",
                                            mapping_created_ ? "mapping created" : "existing mapping")
                             : absl::StrCat("nat ", AV(e.host), " ", AV(e.state), ": dropped (", AV(e.result), ")");
      mapping_created_ = false;
      if (AboutCurrent(e)) Attach(text);
      if (nat_.Holds(e.host, at)) {
        nat_.comments.push_back(std::move(text));
      } else {
        nat_ = Pending{std::string(e.host), at, {std::move(text)}};
      }
      break;
    }
    default:
      break;
  }
}

void PcapngCapture::WriteCurrent() {
  if (!current_) return;
  Interface& iface = interfaces_[InterfaceOf(current_->vantage)];
  PcapngWriter& w = *files_[iface.file].writer;
  if (!iface.id) iface.id = w.AddInterface(iface.name);
  w.WritePacket(*iface.id, current_->nanos, current_->bytes, current_->original_length,
                DirectionOf(current_->vantage.direction), current_->comments);
  ++packets_;
  current_.reset();
}

absl::Status PcapngCapture::Close() {
  WriteCurrent();
  for (File& f : files_) {
    if (absl::Status s = f.out.Flush("the capture"); !s.ok()) return s;
  }
  return absl::OkStatus();
}

}  // namespace portlab::report
