"""The compiled modules, `corpusval.kinds._name_scan`, `_date_scan`, `_line_scan`, `corpusval._listing` and
`_marks`; the rest is in pyproject.toml.

They are optional: where they cannot be compiled (no C compiler; `_listing` on Windows), the install goes on
and `corpusval.kinds._names`, `_dates`, `duplicated_block`, `corpusval.readers` and `corpusval.engine` do the
same in Python, slower.
setuptools hands the .pyx to Cython, a build requirement.
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension("corpusval.kinds._name_scan", ["corpusval/kinds/_name_scan.pyx"], optional=True),
        Extension("corpusval.kinds._date_scan", ["corpusval/kinds/_date_scan.pyx"], optional=True),
        Extension("corpusval.kinds._line_scan", ["corpusval/kinds/_line_scan.pyx"], optional=True),
        Extension("corpusval._listing", ["corpusval/_listing.pyx"], optional=True),
        Extension("corpusval._marks", ["corpusval/_marks.pyx"], optional=True),
    ]
)
