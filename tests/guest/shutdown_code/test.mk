NAME := shutdown_code
CATEGORY := shutdown
ENVS := pv64
# The reason recorded by shutdown_code (reboot) wins over poweroff.
END := Hardware Dom0 shutdown: rebooting machine
