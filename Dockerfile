# SPDX-License-Identifier: MIT
# unattend-tools on Debian 12, installed from the Debian package built from this tree.
# Used by the pre-commit hooks with language: docker; also: docker build -t unattend-tools .
# then docker run --rm -v "$PWD:/src" unattend-tools -- unattend.xml
FROM debian:12 AS build
ENV DEBIAN_FRONTEND=noninteractive
COPY . /build/unattend-tools
WORKDIR /build/unattend-tools
RUN sh .ci/deps \
 && apt-get install -y -qq --no-install-recommends debhelper fakeroot dpkg-dev >/dev/null \
 && DEB_BUILD_OPTIONS=nocheck dpkg-buildpackage -b -us -uc >/dev/null

FROM debian:12-slim
ENV DEBIAN_FRONTEND=noninteractive
COPY --from=build /build/unattend-tools_*.deb /tmp/
RUN apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends /tmp/unattend-tools_*.deb >/dev/null \
 && rm -rf /var/lib/apt/lists/* /tmp/unattend-tools_*.deb
WORKDIR /src
ENTRYPOINT ["unattend-validate"]
