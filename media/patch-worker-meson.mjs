// Rewrites mediasoup 3.12's worker meson files (in a build copy, never in node_modules) so that
// every C++ dependency comes from the system (Debian's -dev packages) through pkg-config instead
// of a meson subproject, which would be downloaded from the internet while building.
// Usage: node patch-worker-meson.mjs <copy of node_modules/mediasoup/worker>
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const workerDir = process.argv[2];
if (!workerDir) throw new TypeError('usage: patch-worker-meson.mjs <worker source copy>');

const SYSTEM_DEPENDENCIES = `
# CrossCourt: system libraries instead of downloaded subprojects.
openssl_dep = dependency('openssl')
nlohmann_json_dep = dependency('nlohmann_json')
libuv_dep = dependency('libuv')
libsrtp2_sys = dependency('libsrtp2')
libsrtp2_dep = declare_dependency(
  dependencies: libsrtp2_sys,
  compile_args: ['-I' + libsrtp2_sys.get_variable(pkgconfig: 'includedir') + '/srtp2'],
)
usrsctp_dep = dependency('usrsctp')
absl_container_dep = [
  dependency('absl_flat_hash_map'),
  dependency('absl_flat_hash_set'),
  dependency('absl_hash'),
  dependency('absl_raw_hash_set'),
]
absl_strings_dep = dependency('absl_strings')
absl_types_dep = [dependency('absl_optional'), dependency('absl_variant')]
`;

const SUBPROJECTS = ['openssl', 'nlohmann_json', 'libuv', 'libsrtp2', 'usrsctp', 'abseil-cpp', 'catch2'];

function mustReplace(text, pattern, replacement, what) {
  const next = text.replace(pattern, replacement);
  if (next === text) throw new Error(`mediasoup worker meson.build changed shape: could not ${what}`);
  return next;
}

function dropSubprojects(text) {
  for (const name of SUBPROJECTS) {
    const block = new RegExp(`\\w+_proj = subproject\\(\\s*'${name}',[^)]*\\)\\n`, 'g');
    text = text.replace(block, '');
  }
  // `x_proj.get_variable('y_dep')` becomes the system dependency `y_dep` declared above.
  return text.replace(/(?:openssl|nlohmann_json|libuv|libsrtp2|usrsctp|abseil_cpp)_proj\.get_variable\('(\w+)'\)/g, '$1');
}

function patchTop(text) {
  text = mustReplace(text, /meson_version: '>= [\d.]+'/, "meson_version: '>= 1.0.0'", 'lower meson_version');
  text = dropSubprojects(text);
  text = mustReplace(text, /libwebrtc_include_directories = /, `${SYSTEM_DEPENDENCIES}\nlibwebrtc_include_directories = `, 'insert system dependencies');
  // The shared library needs the static subproject libraries (link_whole); we only build the executable.
  text = mustReplace(text, /link_whole = \[[^\]]*\]\n/, '', 'drop link_whole');
  text = mustReplace(text, /  link_whole \+= \[[^\]]*\]\n/, '', 'drop windows link_whole');
  text = mustReplace(text, /libmediasoup_worker = library\([\s\S]*?\n\)\n/, '', 'drop the library target');
  // Everything after the worker executable is tests and fuzzers (catch2 is a subproject).
  const start = text.indexOf("executable(\n  'mediasoup-worker',");
  if (start < 0) throw new Error('mediasoup worker meson.build changed shape: no mediasoup-worker executable');
  const end = text.indexOf('\n)\n', start);
  return text.slice(0, end + 3);
}

const top = join(workerDir, 'meson.build');
writeFileSync(top, patchTop(readFileSync(top, 'utf8')));
const webrtc = join(workerDir, 'deps/libwebrtc/meson.build');
writeFileSync(webrtc, dropSubprojects(readFileSync(webrtc, 'utf8')));
