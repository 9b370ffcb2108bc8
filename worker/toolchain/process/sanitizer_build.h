// Whether this build runs under ASan or TSan, whose runtimes change what a
// process may do: they reserve terabytes of address space for shadow memory
// (no RLIMIT_AS), and they do not follow a child that shares its parent's
// memory (no CLONE_VM spawn).
#pragma once

namespace kiln::toolchain {

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
inline constexpr bool kSanitizerBuild = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
inline constexpr bool kSanitizerBuild = true;
#else
inline constexpr bool kSanitizerBuild = false;
#endif
#else
inline constexpr bool kSanitizerBuild = false;
#endif

}  // namespace kiln::toolchain
