"""A third study, built in a few dozen lines through the same contract as the two real ones.

It proves the contract by a third user: a config, a compute package with one
registered runner, a plan, a results object and one page value
(tests/test_study_contract.py runs it).
"""
