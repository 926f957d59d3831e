NAME := iret_bad_stack
CATEGORY := hostile
ENVS := pv64
# The ABI has no way to report a bad iret frame: the domain is crashed,
# and the hypervisor itself must stay up to say so.
END := Hardware Dom0 crashed
