/* Preloaded into every process the sanitizer test run starts (cmake/sanitizers.cmake). Mesa unloads its
 * driver (swrast/llvmpipe) when the EGL display or GLX context goes; what the driver still held is then
 * reported by LeakSanitizer as leaks from an unknown module, with no frame to tell them from ours or to
 * suppress. Keeping every module loaded keeps that memory reachable, and leaks in our code still show. */
int dlclose(void* handle) {
    (void)handle;
    return 0;
}
