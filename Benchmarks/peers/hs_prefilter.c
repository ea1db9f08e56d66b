// Hyperscan from Debian's libhyperscan (C API) as a candidate finder, on what
// peers/hyperscan_scan.py --export wrote: one database of every pattern in prefilter mode,
// a block scan per record, stopped at the record's first match (as the peers table does) or,
// with a third argument `all`, reporting every match of every pattern (what a candidate
// finder for per-rule gates needs); prints the scan time alone.
// Build: cc -O2 -o hs_prefilter hs_prefilter.c $(pkg-config --cflags --libs libhs)
#include <hs.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int stop_at_first;

static int on_match(unsigned id, unsigned long long from, unsigned long long to, unsigned flags, void *context) {
    *(int *)context = 1;
    return stop_at_first; // nonzero stops the scan: the record is a candidate
}

static char *slurp(const char *path, size_t *size) {
    FILE *file = fopen(path, "rb");
    if (!file) { perror(path); exit(2); }
    fseek(file, 0, SEEK_END);
    *size = (size_t)ftell(file);
    fseek(file, 0, SEEK_SET);
    char *data = malloc(*size + 1);
    if (fread(data, 1, *size, file) != *size) { perror(path); exit(2); }
    data[*size] = 0;
    fclose(file);
    return data;
}

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: hs_prefilter patterns.txt records.bin [all]\n"); return 2; }
    stop_at_first = !(argc > 3 && strcmp(argv[3], "all") == 0);
    size_t size;
    char *text = slurp(argv[1], &size);
    const char *expressions[4096];
    unsigned flags[4096], ids[4096];
    unsigned count = 0;
    for (char *line = strtok(text, "\n"); line && count < 4096; line = strtok(NULL, "\n")) {
        char *tab = strchr(line, '\t');
        if (!tab) continue;
        *tab = 0;
        flags[count] = (unsigned)atoi(line);
        expressions[count] = tab + 1;
        ids[count] = count;
        count++;
    }
    hs_database_t *database;
    hs_compile_error_t *error;
    if (hs_compile_multi(expressions, flags, ids, count, HS_MODE_BLOCK, NULL, &database, &error) != HS_SUCCESS) {
        fprintf(stderr, "compile: %s (pattern %d)\n", error->message, error->expression);
        return 2;
    }
    hs_scratch_t *scratch = NULL;
    hs_alloc_scratch(database, &scratch);
    size_t length;
    char *records = slurp(argv[2], &length);
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    size_t offset = 0, total = 0, matching = 0, bytes = 0;
    while (offset + 4 <= length) {
        uint32_t n;
        memcpy(&n, records + offset, 4);
        offset += 4;
        int found = 0;
        hs_scan(database, records + offset, n, 0, scratch, on_match, &found);
        matching += found;
        total++;
        bytes += n;
        offset += n;
    }
    clock_gettime(CLOCK_MONOTONIC, &end);
    double seconds = (double)(end.tv_sec - start.tv_sec) + (double)(end.tv_nsec - start.tv_nsec) / 1e9;
    printf("libhs %s (C API, %s): %zu records, %zu matching, %u patterns, %.1f MiB in %.3f s scan (%.1f MiB/s)\n", hs_version(), stop_at_first ? "first match" : "every match", total,
           matching, count, (double)bytes / 1048576, seconds, (double)bytes / 1048576 / seconds);
    return 0;
}
