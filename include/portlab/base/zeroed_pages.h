#ifndef PORTLAB_BASE_ZEROED_PAGES_H_
#define PORTLAB_BASE_ZEROED_PAGES_H_

#include <sys/mman.h>

#include <cstddef>
#include <cstdint>
#include <new>
#include <type_traits>
#include <utility>

namespace portlab {

// An array of n zero-valued T in an anonymous mapping of its own: the
// kernel supplies each page zeroed when it is first touched, so a large,
// sparsely used array costs only the pages it uses. (calloc promises the
// zeros but not the laziness: once glibc's mmap threshold has risen, after
// the first large free, it serves such blocks from the heap and clears
// every byte with memset at once.)
template <typename T>
class ZeroedPages {
  static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>,
                "all-zero bytes must be a valid T, and nothing needs destroying");

 public:
  ZeroedPages() = default;
  // Throws std::bad_alloc when the kernel refuses the mapping. Zero
  // elements map nothing (and test false).
  explicit ZeroedPages(size_t n) {
    if (n == 0) return;
    if (n > SIZE_MAX / sizeof(T)) throw std::bad_alloc();
    void* p = ::mmap(nullptr, n * sizeof(T), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) throw std::bad_alloc();
    data_ = static_cast<T*>(p);
    n_ = n;
  }
  ZeroedPages(ZeroedPages&& o) noexcept
      : data_(std::exchange(o.data_, nullptr)), n_(std::exchange(o.n_, 0)) {}
  // The old mapping goes to `o`, whose destructor unmaps it.
  ZeroedPages& operator=(ZeroedPages&& o) noexcept {
    std::swap(data_, o.data_);
    std::swap(n_, o.n_);
    return *this;
  }
  ZeroedPages(const ZeroedPages&) = delete;
  ZeroedPages& operator=(const ZeroedPages&) = delete;
  ~ZeroedPages() {
    if (data_) ::munmap(data_, n_ * sizeof(T));
  }

  T* get() const { return data_; }
  size_t size() const { return n_; }
  explicit operator bool() const { return data_ != nullptr; }
  T& operator[](size_t i) const { return data_[i]; }

 private:
  T* data_ = nullptr;
  size_t n_ = 0;
};

}  // namespace portlab

#endif  // PORTLAB_BASE_ZEROED_PAGES_H_
