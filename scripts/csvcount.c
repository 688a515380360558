/* Raw libcsv yardstick for `make bench`: strict mode, no trimming unless asked, 1 MiB reads, counts rows
 * and fields and nothing else. What waitgap's reader costs on top of libcsv is the difference. */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <fcntl.h>
#include <unistd.h>

static size_t fields, rows;
static void on_field(void *s, size_t len, void *data) { (void)s; (void)len; (void)data; fields++; }
static void on_row(int c, void *data) { (void)c; (void)data; rows++; }
static int no_space(unsigned char c) { (void)c; return 0; }

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: csvcount FILE [trim]\n"); return 64; }
    int fd = open(argv[1], O_RDONLY);
    if (fd < 0) { perror(argv[1]); return 74; }
    struct csv_parser p;
    csv_init(&p, CSV_STRICT | CSV_STRICT_FINI);
    /* "trim" keeps libcsv's default (spaces around unquoted fields trimmed): its fastest mode. */
    if (argc < 3) csv_set_space_func(&p, no_space);
    static char buf[1 << 20];
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0) {
        if (csv_parse(&p, buf, (size_t)n, on_field, on_row, NULL) != (size_t)n) {
            fprintf(stderr, "parse error: %s\n", csv_strerror(csv_error(&p)));
            return 65;
        }
    }
    csv_fini(&p, on_field, on_row, NULL);
    csv_free(&p);
    printf("%zu rows %zu fields\n", rows, fields);
    return 0;
}
