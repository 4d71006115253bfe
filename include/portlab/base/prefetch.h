// Prefetch: a hint that memory will be read soon, and the one place portlab
// says so to the processor.
//
// Hints never change what the simulation computes, only when a cache line
// arrives: a lookup that will miss the cache (a hash table slot chosen by a
// 4-tuple, a socket among millions) starts loading while other work goes
// on. docs/ARCHITECTURE.md ("Hints") says where the engine gives them and
// how a hint earns its place (an A/B of whole runs, bench/README.md).
//
// Example:
//   PrefetchForRead(&slots_[index]);   // read a few hundred cycles later
//
// Thread safety: stateless.
#ifndef PORTLAB_BASE_PREFETCH_H_
#define PORTLAB_BASE_PREFETCH_H_

namespace portlab {

// Starts loading the cache line holding `address`. REQUIRES: nothing; an
// invalid address is harmless (the hint is dropped).
inline void PrefetchForRead(const void* address) { __builtin_prefetch(address); }

}  // namespace portlab

#endif  // PORTLAB_BASE_PREFETCH_H_
