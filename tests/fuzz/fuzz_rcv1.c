/* fuzz_rcv1.c — libFuzzer target: any bytes, read as RCV1 XML (src/formats/rcv1.c), through the
 * reader, the parser, the article printer and the NITF writer, as
 * `newsidx parse --format=rcv1` would.  A crash, a sanitizer report or an
 * internal-error abort is a bug.
 */
#include "fuzz_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_parse(data, size, INPUT_FORMAT_RCV1, FUZZ_FROM_FILE);
    return 0;
}
