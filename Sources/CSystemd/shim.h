// libsystemd's readiness protocol (sd_notify) for sbd.service, Type=notify.
#pragma once
#include <systemd/sd-daemon.h>
