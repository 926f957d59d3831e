UNIT_TESTS += pvlayout
pvlayout_SRCS := tests/unit/test_pvlayout.c lib/pvlayout/pvlayout.c
