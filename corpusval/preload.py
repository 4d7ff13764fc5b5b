"""Imported once by the process that workers are forked from (see `runner.LocalPool`), so that each starts ready.

A worker that imports corpusval and loads the given-name table itself spends half a second
of a core on it, while the parent is still finding the corpus's files; forked from a process
that already did, it starts with both, and the table's pages shared.
"""

import gc

from corpusval import runner  # noqa: F401  (the engine, the readers and every built-in kind)
from corpusval.kinds._names import is_given_name

is_given_name("")  # loads the table: the name-consistency kind asks it from the first document on
gc.freeze()  # no worker's garbage collection walks what it shares, which would copy its pages
