/**
 * Which Vulkan drivers Dawn should see in Node on Linux. Pure: the caller gathers the facts
 * (environment, driver manifests on disk) and applies the answer before Dawn starts.
 *
 * Why decide up front: the Vulkan loader reads VK_ICD_FILENAMES once per process, at the first
 * `create()`, so "try the hardware, then fall back to SwiftShader" cannot be done by retrying.
 * Instead the hardware drivers and SwiftShader are listed together and Dawn ranks the adapters
 * (discrete and integrated GPUs before CPU ones), so a hardware adapter wins whenever one works.
 * Mesa's lavapipe is left out: it is a CPU driver too, and the Debian 12 one is too old for Dawn
 * (it only adds a warning on stderr).
 */

/** The SwiftShader Vulkan driver that Debian's `chromium` package installs. */
export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

/** Directories the Vulkan loader searches for driver manifests by default (Linux). */
export function vulkanIcdDirectories(env: Record<string, string | undefined>): string[] {
  const home = env.HOME;
  const configDirs = [
    env.XDG_CONFIG_HOME ?? (home ? `${home}/.config` : undefined),
    ...(env.XDG_CONFIG_DIRS ?? '/etc/xdg').split(':'),
  ];
  const dataDirs = [
    env.XDG_DATA_HOME ?? (home ? `${home}/.local/share` : undefined),
    ...(env.XDG_DATA_DIRS ?? '/usr/local/share:/usr/share').split(':'),
  ];
  const dirs = [...configDirs, '/etc', ...dataDirs, '/usr/local/nvidia/share']
    .filter((dir): dir is string => !!dir)
    .map((dir) => `${dir.replace(/\/+$/, '')}/vulkan/icd.d`);
  return [...new Set(dirs)];
}

export interface VulkanDriverFacts {
  env: Record<string, string | undefined>;
  /** Absolute paths of the driver manifests found in vulkanIcdDirectories(). */
  installedManifests: readonly string[];
  swiftShaderInstalled: boolean;
}

export interface VulkanDriverChoice {
  /** Environment variables to set before the first `create()`; empty when nothing changes. */
  set: Record<string, string>;
  /**
   * user: the user chose the drivers; hardware-and-software: hardware drivers plus SwiftShader;
   * software-only: no hardware driver is installed; unchanged: nothing to add (no SwiftShader).
   */
  mode: 'user' | 'hardware-and-software' | 'software-only' | 'unchanged';
  /** Why a software adapter would be used in this mode, for the adapter log line. */
  softwareReason: string;
}

/** Manifests of CPU drivers that must not count as hardware. */
function isCpuDriverManifest(path: string): boolean {
  const file = path.slice(path.lastIndexOf('/') + 1);
  return /^lvp_icd|swiftshader/i.test(file);
}

export function chooseVulkanDrivers(facts: VulkanDriverFacts): VulkanDriverChoice {
  const { env } = facts;
  const userVariable = ['VK_ICD_FILENAMES', 'VK_DRIVER_FILES'].find((name) => env[name]);
  if (userVariable) {
    return { set: {}, mode: 'user', softwareReason: `Vulkan drivers chosen by ${userVariable}` };
  }
  if (!facts.swiftShaderInstalled) {
    return { set: {}, mode: 'unchanged', softwareReason: 'no hardware adapter found' };
  }
  const hardware = facts.installedManifests.filter((path) => !isCpuDriverManifest(path));
  if (hardware.length === 0) {
    return {
      set: { VK_ICD_FILENAMES: SWIFTSHADER_ICD },
      mode: 'software-only',
      softwareReason: 'no hardware Vulkan driver installed',
    };
  }
  return {
    set: { VK_ICD_FILENAMES: [...hardware, SWIFTSHADER_ICD].join(':') },
    mode: 'hardware-and-software',
    softwareReason: 'no hardware adapter found',
  };
}
