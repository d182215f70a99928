# A container image holding only the static cachelint executable.
#   docker build -t cachelint .
#   docker run --rm -v "$PWD:/src" -w /src cachelint check .
# The pre-commit hook `cachelint-docker` (.pre-commit-hooks.yaml) builds this image itself.
FROM debian:bookworm AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends g++ cmake make pkg-config libtomlplusplus-dev libre2-dev libcli11-dev libfyaml-dev nlohmann-json3-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /cachelint
COPY . .
RUN cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DCACHELINT_STATIC=ON -DCACHELINT_BUILD_TESTS=OFF \
 && cmake --build build -j"$(nproc)" \
 && build/cachelint --version

FROM scratch
COPY --from=build /cachelint/build/cachelint /cachelint
WORKDIR /src
ENTRYPOINT ["/cachelint"]
CMD ["check", "."]
