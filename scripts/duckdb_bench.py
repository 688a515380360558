"""DuckDB yardstick for `make bench`: the same analysis waitgap does, in SQL.

Per ethnic broad group, IMD quintile (LSOA joined to the IoD2025 lookup) and learning
disability flag: count, mean, median, 92nd percentile (quantile_cont = type 7) and the numbers
waiting over 18/52/65/78/104 weeks. Usage: duckdb_bench.py EXTRACT LOOKUP THREADS
"""
import sys
import time

import duckdb

extract, lookup, threads = sys.argv[1], sys.argv[2], int(sys.argv[3])
started = time.perf_counter()
con = duckdb.connect()
con.execute(f"PRAGMA threads={threads}")
con.execute(f"""
CREATE TEMP TABLE w AS
SELECT date_diff('day', CAST(rtt_period_start_date AS DATE), CAST(census_date AS DATE)) AS days,
       CASE WHEN ethnic_category IN ('A','B','C') THEN 'White'
            WHEN ethnic_category IN ('D','E','F','G') THEN 'Mixed'
            WHEN ethnic_category IN ('H','J','K','L') THEN 'Asian'
            WHEN ethnic_category IN ('M','N','P') THEN 'Black'
            WHEN ethnic_category IN ('R','S') THEN 'Other'
            WHEN ethnic_category = 'Z' THEN 'Not stated' ELSE 'Not known' END AS ethnic_group,
       coalesce(CAST(ceil(l.imd_decile / 2.0) AS VARCHAR), 'Not known') AS quintile,
       coalesce(nullif(learning_disability, ''), 'U') AS ld
FROM read_csv('{extract}', header = true, all_varchar = true) e
LEFT JOIN read_csv('{lookup}', header = true) l ON e.lsoa_code = l.lsoa_code
""")
rows = 0
for dimension in ["ethnic_group", "quintile", "ld"]:
    result = con.execute(f"""
    SELECT {dimension}, count(*), avg(days) / 7, quantile_cont(days, 0.5) / 7, quantile_cont(days, 0.92) / 7,
           count(*) FILTER (WHERE days > 126), count(*) FILTER (WHERE days > 364),
           count(*) FILTER (WHERE days > 455), count(*) FILTER (WHERE days > 546),
           count(*) FILTER (WHERE days > 728)
    FROM w GROUP BY ALL ORDER BY ALL""").fetchall()
    rows = sum(r[1] for r in result)
print(f"{rows} rows in {time.perf_counter() - started:.2f} s")
