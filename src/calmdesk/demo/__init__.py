"""The demo desk: three invented brands and a day of their mentions (the seeds, pure data).

`calmdesk demo` loads them through `calmdesk.actions.demo`.
"""
