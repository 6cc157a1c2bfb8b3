// File: base/thread_annotations.h
// Defines the clang thread-safety analysis macros (GUARDED_BY, REQUIRES, EXCLUDES, ACQUIRE,
// RELEASE, ...). They document which lock protects what and which locks a function needs; clang
// checks them with -Wthread-safety (and -Wthread-safety-negative for `REQUIRES(!mu)`). On other
// compilers every macro expands to nothing.
// Thread-safety: not applicable (macros only).
#ifndef HOOKCHECK_BASE_THREAD_ANNOTATIONS_H_
#define HOOKCHECK_BASE_THREAD_ANNOTATIONS_H_

#if defined(__clang__)
#define HOOKCHECK_THREAD_ANNOTATION_(x) __attribute__((x))
#else
#define HOOKCHECK_THREAD_ANNOTATION_(x)
#endif

// CAPABILITY(name): the class is a lock ("mutex", "role"). Instances can then be named in the
// other annotations.
#define CAPABILITY(x) HOOKCHECK_THREAD_ANNOTATION_(capability(x))

// SCOPED_CAPABILITY: the class is an RAII guard; its constructor ACQUIREs and its destructor
// RELEASEs.
#define SCOPED_CAPABILITY HOOKCHECK_THREAD_ANNOTATION_(scoped_lockable)

// GUARDED_BY(mu): the field may be read only with `mu` held (shared or exclusive) and written
// only with `mu` held exclusively.
#define GUARDED_BY(x) HOOKCHECK_THREAD_ANNOTATION_(guarded_by(x))

// PT_GUARDED_BY(mu): the pointee (not the pointer) is protected by `mu`.
#define PT_GUARDED_BY(x) HOOKCHECK_THREAD_ANNOTATION_(pt_guarded_by(x))

// ACQUIRED_AFTER(mu...) / ACQUIRED_BEFORE(mu...): lock order. Write it on one side only.
#define ACQUIRED_AFTER(...) HOOKCHECK_THREAD_ANNOTATION_(acquired_after(__VA_ARGS__))
#define ACQUIRED_BEFORE(...) HOOKCHECK_THREAD_ANNOTATION_(acquired_before(__VA_ARGS__))

// REQUIRES(mu): `mu` is held exclusively on entry and still held on exit.
// REQUIRES(!mu): a negative capability: the caller must NOT hold `mu` (stronger than EXCLUDES:
// with -Wthread-safety-negative the requirement spreads to the callers that take `mu`). Every
// hook-invoking path in engine/ carries REQUIRES(!manifest_mu_).
#define REQUIRES(...) HOOKCHECK_THREAD_ANNOTATION_(requires_capability(__VA_ARGS__))

// REQUIRES_SHARED(mu): `mu` is held at least in shared mode on entry and exit.
#define REQUIRES_SHARED(...) HOOKCHECK_THREAD_ANNOTATION_(requires_shared_capability(__VA_ARGS__))

// ACQUIRE(mu) / ACQUIRE_SHARED(mu): the function acquires `mu` (exclusive / shared) and holds it
// on return. Without an argument on a member function: acquires `this`.
#define ACQUIRE(...) HOOKCHECK_THREAD_ANNOTATION_(acquire_capability(__VA_ARGS__))
#define ACQUIRE_SHARED(...) HOOKCHECK_THREAD_ANNOTATION_(acquire_shared_capability(__VA_ARGS__))

// RELEASE(mu) / RELEASE_SHARED(mu) / RELEASE_GENERIC(mu): the function releases `mu`.
#define RELEASE(...) HOOKCHECK_THREAD_ANNOTATION_(release_capability(__VA_ARGS__))
#define RELEASE_SHARED(...) HOOKCHECK_THREAD_ANNOTATION_(release_shared_capability(__VA_ARGS__))
#define RELEASE_GENERIC(...) HOOKCHECK_THREAD_ANNOTATION_(release_generic_capability(__VA_ARGS__))

// TRY_ACQUIRE(ok, mu): the function acquires `mu` iff it returns `ok`.
#define TRY_ACQUIRE(...) HOOKCHECK_THREAD_ANNOTATION_(try_acquire_capability(__VA_ARGS__))
#define TRY_ACQUIRE_SHARED(...) \
  HOOKCHECK_THREAD_ANNOTATION_(try_acquire_shared_capability(__VA_ARGS__))

// EXCLUDES(mu): the caller must not hold `mu` (the function takes it). Weaker than REQUIRES(!mu).
#define EXCLUDES(...) HOOKCHECK_THREAD_ANNOTATION_(locks_excluded(__VA_ARGS__))

// ASSERT_CAPABILITY(mu) / ASSERT_SHARED_CAPABILITY(mu): the function checks at run time that
// `mu` is held (and aborts otherwise); afterwards the analysis assumes it is.
#define ASSERT_CAPABILITY(x) HOOKCHECK_THREAD_ANNOTATION_(assert_capability(x))
#define ASSERT_SHARED_CAPABILITY(x) HOOKCHECK_THREAD_ANNOTATION_(assert_shared_capability(x))

// RETURN_CAPABILITY(mu): the function returns a reference to `mu`.
#define RETURN_CAPABILITY(x) HOOKCHECK_THREAD_ANNOTATION_(lock_returned(x))

// NO_THREAD_SAFETY_ANALYSIS: opt out. Only for code that is correct but beyond the analyzer, and
// every use says why.
#define NO_THREAD_SAFETY_ANALYSIS HOOKCHECK_THREAD_ANNOTATION_(no_thread_safety_analysis)

#endif  // HOOKCHECK_BASE_THREAD_ANNOTATIONS_H_
