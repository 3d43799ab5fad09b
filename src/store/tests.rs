//! Store tests on real SQLite files and in memory.
