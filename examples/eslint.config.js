// What `npm run demo` lints: one preset per directory, each a complete flat config.
import barriers from "eslint-plugin-barriers";

export default [
  {
    ...barriers.configs.qemu,
    files: ["qemu/**/*.c", "qemu/**/*.h"],
    settings: { barriers: { ...barriers.configs.qemu.settings.barriers, project: { files: ["qemu/**/*.{c,h}"] } } },
  },
  {
    ...barriers.configs.linux,
    files: ["linux/**/*.c", "linux/**/*.h"],
    settings: { barriers: { ...barriers.configs.linux.settings.barriers, project: { files: ["linux/**/*.{c,h}"] } } },
  },
  // The two rings are separate programs: each gets its own project so that one cannot pair with the other.
  ...["ring", "ring-broken"].map((ring) => ({
    ...barriers.configs.js,
    files: [`ts/${ring}/**/*.ts`],
    settings: { barriers: { ...barriers.configs.js.settings.barriers, project: { files: [`ts/${ring}/**/*.ts`] } } },
  })),
];
