NAME := shutdown_crash
CATEGORY := shutdown
ENVS := pv64
# What the hypervisor prints once it acted on the reason (the runner
# waits for it).  Xen 4.17's words; Xenolith prints the same.
END := Hardware Dom0 crashed: rebooting machine
