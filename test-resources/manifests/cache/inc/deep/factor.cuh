#pragma once
constexpr int kFactor = 3;
