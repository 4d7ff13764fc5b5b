"""Types of the compiled document marks (`_marks.pyx`)."""

from array import array

def extend_hashed(marks: array[int], keys: list[str], seed: int) -> None: ...
