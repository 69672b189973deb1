#pragma once
int csbd_dummy(void);
