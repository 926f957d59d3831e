NAME := shutdown_poweroff
CATEGORY := shutdown
ENVS := pv64
# What Xen 4.17 prints once it acted on the reason (the runner waits for it).
END_xen := Hardware Dom0 halted: halting machine
