"""The compiled modules, `corpusval.kinds._name_scan` and `_date_scan`; everything else is declared in pyproject.toml.

They are optional: where they cannot be compiled (no C compiler), the install goes on and
`corpusval.kinds._names` and `_dates` read names and dates with their regular expressions instead, slower.
setuptools hands the .pyx to Cython, a build requirement.
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension("corpusval.kinds._name_scan", ["corpusval/kinds/_name_scan.pyx"], optional=True),
        Extension("corpusval.kinds._date_scan", ["corpusval/kinds/_date_scan.pyx"], optional=True),
    ]
)
