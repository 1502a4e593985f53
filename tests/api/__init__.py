import pytest

# The generic contract's assertions explain themselves only if pytest rewrites them.
pytest.register_assert_rewrite("tests.api.contract")
