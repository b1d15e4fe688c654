"""Stage two of the pipeline (validate): rules across files, one module per kind of rule.

:func:`cmqreport.validate.run.run_checks` runs them all.
"""
