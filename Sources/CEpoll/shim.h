// epoll is not visible through Swift's Glibc module; the load generator reaches it through this header.
#include <sys/epoll.h>
