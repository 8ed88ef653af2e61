/*
 * Integer workload: table-driven CRC-32 and FNV-1a over a 256 KiB
 * buffer of pseudo-random bytes, many passes (loads, shifts, xors).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "bench.h"

#define BUF_SIZE (256 * 1024)
#define PASSES (200 * BENCH_SCALE)

static uint8_t buf[BUF_SIZE];
static uint32_t crc_table[256];

int main(void)
{
    uint64_t seed = 0x1234567887654321ull, sum = 0;

    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++) {
            c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
        }
        crc_table[i] = c;
    }
    for (size_t i = 0; i < BUF_SIZE; i += 8) {
        uint64_t r = bench_rand(&seed);
        for (int k = 0; k < 8; k++) {
            buf[i + k] = (uint8_t)(r >> (8 * k));
        }
    }
    for (int p = 0; p < PASSES; p++) {
        uint32_t crc = 0xffffffffu;
        uint64_t fnv = 0xcbf29ce484222325ull;

        buf[p] ^= (uint8_t)p;
        for (size_t i = 0; i < BUF_SIZE; i++) {
            crc = crc_table[(crc ^ buf[i]) & 0xff] ^ (crc >> 8);
            fnv = (fnv ^ buf[i]) * 0x100000001b3ull;
        }
        sum = sum * 31 + (crc ^ 0xffffffffu) + fnv;
    }
    bench_checksum("int-crc", sum);
    return 0;
}
