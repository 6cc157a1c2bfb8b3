/* File: engine/abi/hookcheck_engine_abi.h
 * Defines the in-process C ABI of an engine under check (docs/c-abi.md): a shared library that
 * hookcheck loads with dlopen and drives from its own process, so a C or C++ engine runs under
 * ThreadSanitizer with the harness. The library exports the functions declared below; the harness
 * (engine/shared_library_engine.h) passes a `hookcheck_host` at create time, and the engine calls
 * back into it for every manifest-lock acquire and release and for every hook call, so the lock
 * rule ("no hook runs while the manifest lock is held") is observed by the harness, not reported
 * by the engine.
 *
 * Every value crossing the ABI is a NUL-terminated UTF-8 JSON text in the encoding of the process
 * protocol (docs/process-protocol.md, engine/process_protocol.h): one encoding for both
 * transports.
 *
 * [Ownership] A `const char*` argument belongs to the caller and is valid only during the call.
 * A `char*` a library function returns belongs to the harness, which frees it with
 * hookcheck_string_free of the same library exactly once. The string of hookcheck_last_error
 * belongs to the library. The `hookcheck_host` struct is copied by create; its `ctx` must stay
 * valid until destroy returns.
 * [Threading] The harness calls the library's functions on one engine from one thread at a time
 * (it may drive several engines at once from several threads). The host callbacks may run on any
 * thread of the engine, concurrently, and must be called synchronously from the thread that does
 * what they report, so the harness sees, per thread, the order of lock events and hook calls.
 * [Locking] on_lock with HOOKCHECK_LOCK_ACQUIRE is called after the lock is taken, with
 * HOOKCHECK_LOCK_RELEASE before it is let go: both while the thread holds it, so the order in
 * which the harness receives them is one a reader-writer lock can produce. The host callbacks
 * never block on an engine lock and never call back into the library.
 * [Errors] A function that fails returns NULL (or a nonzero int) and sets the calling thread's
 * last error, one line, readable with hookcheck_last_error until the thread's next call into the
 * library. After a failure the harness only destroys the engine.
 * Thread-safety: see [Threading].
 */
#ifndef HOOKCHECK_ENGINE_ABI_HOOKCHECK_ENGINE_ABI_H_
#define HOOKCHECK_ENGINE_ABI_HOOKCHECK_ENGINE_ABI_H_

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The version of this header. hookcheck_abi_version must return it; the harness refuses a
 * library that returns another. A change a library built against an older header would misread
 * bumps it. */
#define HOOKCHECK_ENGINE_ABI_VERSION 1

/* Marks the functions a library exports: built with -fvisibility=hidden, a library exports these
 * and keeps its own code hidden. */
#if defined(__GNUC__) || defined(__clang__)
#define HOOKCHECK_ABI_EXPORT __attribute__((visibility("default")))
#else
#define HOOKCHECK_ABI_EXPORT
#endif

/* on_lock's `op` and `mode`. */
#define HOOKCHECK_LOCK_ACQUIRE 1
#define HOOKCHECK_LOCK_RELEASE 2
#define HOOKCHECK_LOCK_READ 1
#define HOOKCHECK_LOCK_WRITE 2

/* The engine's opaque state: one region, as a process-protocol engine serves. */
typedef struct hookcheck_engine hookcheck_engine;

typedef struct hookcheck_host {
  /* Passed back as the first argument of each callback. */
  void* ctx;
  /* One manifest-lock acquire or release ([Locking] above). `thread`: the engine's number for the
   * calling thread (or, under a deterministic scheduler, task), 1 or more, the same for all its
   * calls. `lock`: which manifest lock, 1 the datanode's, 2 the remote compactor's. `site`: on an
   * acquire, where it was taken (may be NULL or ""). */
  void (*on_lock)(void* ctx, int op, int mode, uint64_t thread, uint32_t lock, const char* site);
  /* One hook call, as one callback object of a process-protocol take_events reply (the "kind" and
   * "seq" keys are not needed: the harness numbers the stream itself). Its "thread" is the number
   * on_lock uses for the calling thread. A "lock_held" key, when present, is only cross-checked
   * against the lock events. Called on the thread that runs the hook, before the hook returns. */
  void (*on_hook)(void* ctx, const char* event_json);
} hookcheck_host;

/* HOOKCHECK_ENGINE_ABI_VERSION of the header the library was built with. */
HOOKCHECK_ABI_EXPORT uint32_t hookcheck_abi_version(void);

/* A fresh engine with one created, writable region for the contract `config_json` (the "config"
 * object of a process-protocol hello). `host` is copied. NULL on failure (last error set). */
HOOKCHECK_ABI_EXPORT hookcheck_engine* hookcheck_engine_create(const char* config_json,
                                                               const hookcheck_host* host);

/* Runs one command (op text, docs/sequence-format.md, as a submit request's "command") and
 * returns the submit reply object without its id: {"result":"Ok"}. Follow-on work may still run.
 * NULL on failure. */
HOOKCHECK_ABI_EXPORT char* hookcheck_engine_submit(hookcheck_engine* engine, const char* command);

/* Blocks until no task of the engine runs or is queued. 0 on success. */
HOOKCHECK_ABI_EXPORT int hookcheck_engine_wait_idle(hookcheck_engine* engine);

/* The region's observable state, as the "observation" object of an observe reply. REQUIRES:
 * idle. NULL on failure. */
HOOKCHECK_ABI_EXPORT char* hookcheck_engine_observe(hookcheck_engine* engine);

/* Starts a fresh region for `config_json` in the same engine. REQUIRES: idle. 0 on success. */
HOOKCHECK_ABI_EXPORT int hookcheck_engine_reset(hookcheck_engine* engine, const char* config_json);

/* Ends the engine: its threads are joined before it returns, and no host callback runs after. */
HOOKCHECK_ABI_EXPORT void hookcheck_engine_destroy(hookcheck_engine* engine);

/* The calling thread's last error ("" if none). Owned by the library. */
HOOKCHECK_ABI_EXPORT const char* hookcheck_last_error(void);

/* Frees a string a library function returned. NULL is ignored. */
HOOKCHECK_ABI_EXPORT void hookcheck_string_free(char* text);

#ifdef __cplusplus
}
#endif

#endif /* HOOKCHECK_ENGINE_ABI_HOOKCHECK_ENGINE_ABI_H_ */
