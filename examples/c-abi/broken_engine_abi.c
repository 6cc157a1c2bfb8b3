/* A deliberately broken engine library, in C11, for the tests of the harness's C ABI adapter
 * (examples/c-abi/c_abi_test.cc): built once per fault, chosen by a definition.
 *   BROKEN_VERSION      reports ABI version 999
 *   BROKEN_CREATE_NULL  create fails (NULL) with an error message
 *   BROKEN_JSON         submit returns text that is not JSON
 *   BROKEN_LOCK         reports a release of a lock nobody acquired, then one hook call
 * It is an engine of one region that does nothing: every submit is Ok, no hook fires. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine/abi/hookcheck_engine_abi.h"

struct hookcheck_engine {
  hookcheck_host host;
};

static const char* last_error = "";

static char* dup_text(const char* text) {
  char* out = malloc(strlen(text) + 1);
  if (out != NULL) strcpy(out, text);
  return out;
}

uint32_t hookcheck_abi_version(void) {
#ifdef BROKEN_VERSION
  return 999;
#else
  return HOOKCHECK_ENGINE_ABI_VERSION;
#endif
}

hookcheck_engine* hookcheck_engine_create(const char* config_json, const hookcheck_host* host) {
  (void)config_json;
#ifdef BROKEN_CREATE_NULL
  (void)host;
  last_error = "broken on purpose: no engine today";
  return NULL;
#else
  hookcheck_engine* e = malloc(sizeof *e);
  if (e != NULL) e->host = *host;
  return e;
#endif
}

char* hookcheck_engine_submit(hookcheck_engine* e, const char* command) {
  (void)command;
#ifdef BROKEN_JSON
  (void)e;
  return dup_text("{\"result\": Ok");
#else
#ifdef BROKEN_LOCK
  e->host.on_lock(e->host.ctx, HOOKCHECK_LOCK_RELEASE, HOOKCHECK_LOCK_WRITE, 1, 1, "");
  e->host.on_hook(e->host.ctx,
                  "{\"callback\":\"MU\",\"version\":1,\"actions\":[],\"files\":[],"
                  "\"on_compactor\":false,\"thread\":1}");
#else
  (void)e;
#endif
  return dup_text("{\"result\":\"Ok\"}");
#endif
}

int hookcheck_engine_wait_idle(hookcheck_engine* e) {
  (void)e;
  return 0;
}

char* hookcheck_engine_observe(hookcheck_engine* e) {
  (void)e;
  return dup_text(
      "{\"presence\":\"open\",\"role\":\"Writable\",\"live_files\":[],\"manifest_version\":0,"
      "\"staged_actions\":[],\"live_partition_expr\":0}");
}

int hookcheck_engine_reset(hookcheck_engine* e, const char* config_json) {
  (void)e;
  (void)config_json;
  return 0;
}

void hookcheck_engine_destroy(hookcheck_engine* e) { free(e); }

const char* hookcheck_last_error(void) { return last_error; }

void hookcheck_string_free(char* text) { free(text); }
