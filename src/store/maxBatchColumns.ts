/**
 * The most columns one query reads. DuckDB gives every column of a result chunk whole vectors (2,048
 * values, 16 KiB) whatever the row count, and a few more for each expression over it: about 64 KiB per
 * column in flight. A 200-row model of 2,000 DOUBLE features read in one query ran out of the default
 * 64 MB (1,000 columns still did, 500 did not): 256 columns are about 16 MiB of DuckDB's memory.
 */
export const MAX_BATCH_COLUMNS = 256;
