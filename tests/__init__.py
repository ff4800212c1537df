"""Broadsheet tests: the library on the seeds and real corpora, the command line, the app."""
