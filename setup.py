"""The compiled modules, `corpusval.kinds._name_scan`, `_date_scan` and `_line_scan`; the rest is in pyproject.toml.

They are optional: where they cannot be compiled (no C compiler), the install goes on and
`corpusval.kinds._names`, `_dates` and `duplicated_block` read the text in Python instead, slower.
setuptools hands the .pyx to Cython, a build requirement.
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension("corpusval.kinds._name_scan", ["corpusval/kinds/_name_scan.pyx"], optional=True),
        Extension("corpusval.kinds._date_scan", ["corpusval/kinds/_date_scan.pyx"], optional=True),
        Extension("corpusval.kinds._line_scan", ["corpusval/kinds/_line_scan.pyx"], optional=True),
    ]
)
