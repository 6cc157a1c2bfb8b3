/* A shared library that is not an engine: it exports none of the C ABI's functions. The tests
 * load it to check the harness refuses it with a clear error (examples/c-abi/c_abi_test.cc). */
int hookcheck_not_an_engine(void) { return 0; }
