"""Stage one of the pipeline (load): files to plain data with the place of every value.

:func:`cmqreport.load.project.load_project` reads a project (YAML and workbooks) and checks
each file against its model; :mod:`cmqreport.load.layout` says which path is which file.
"""
