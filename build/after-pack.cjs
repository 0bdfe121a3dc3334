// electron-builder afterPack hook. When packaging from a local Electron (electronDist, for
// offline builds), Electron's default app is left in resources/; a release must not ship it.
const { rm } = require('node:fs/promises');
const path = require('node:path');

/** @param {{ appOutDir: string; electronPlatformName: string; packager: { appInfo: { productFilename: string } } }} context */
exports.default = async function afterPack(context) {
  const resources =
    context.electronPlatformName === 'darwin'
      ? path.join(context.appOutDir, `${context.packager.appInfo.productFilename}.app`, 'Contents', 'Resources')
      : path.join(context.appOutDir, 'resources');
  await rm(path.join(resources, 'default_app.asar'), { force: true });
};
