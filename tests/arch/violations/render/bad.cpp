// Planted for the include check's self-test (scripts/check_layers.py --self-test); never built.
#include "missions/model.hpp"
#include <imgui.h>
#include <gdal_priv.h>
