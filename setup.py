"""The one compiled module, `corpusval.kinds._name_scan`; everything else is declared in pyproject.toml.

It is optional: where it cannot be compiled (no C compiler), the install goes on and
`corpusval.kinds._names` reads names with its regular expressions instead, slower.
setuptools hands the .pyx to Cython, a build requirement.
"""

from setuptools import Extension, setup

setup(ext_modules=[Extension("corpusval.kinds._name_scan", ["corpusval/kinds/_name_scan.pyx"], optional=True)])
