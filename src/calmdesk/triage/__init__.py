"""Triage: pure signals over one mention and its context (B-LEGIT, B-MODERATE, B-KNOW, B-ESCALATE).

Each module holds one signal as a pure function with a typed result; `pipeline` runs them
all over a batch so that heavy parts (the complaint model, sentiment) are vectorized.
"""
