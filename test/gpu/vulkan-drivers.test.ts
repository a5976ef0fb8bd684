import { describe, expect, it } from 'vitest';
import { chooseVulkanDrivers, SWIFTSHADER_ICD, vulkanIcdDirectories } from '../../src/gpu/vulkan-drivers.ts';

const MESA = ['/usr/share/vulkan/icd.d/intel_icd.x86_64.json', '/usr/share/vulkan/icd.d/radeon_icd.x86_64.json'];
const LAVAPIPE = '/usr/share/vulkan/icd.d/lvp_icd.x86_64.json';

describe('chooseVulkanDrivers', () => {
  it('leaves drivers chosen by the user alone', () => {
    for (const name of ['VK_ICD_FILENAMES', 'VK_DRIVER_FILES']) {
      const choice = chooseVulkanDrivers({
        env: { [name]: '/x.json' },
        installedManifests: MESA,
        swiftShaderInstalled: true,
      });
      expect(choice).toEqual({ set: {}, mode: 'user', softwareReason: `Vulkan drivers chosen by ${name}` });
    }
  });

  it('uses SwiftShader alone when no hardware driver is installed (lavapipe does not count)', () => {
    const choice = chooseVulkanDrivers({ env: {}, installedManifests: [LAVAPIPE], swiftShaderInstalled: true });
    expect(choice.set).toEqual({ VK_ICD_FILENAMES: SWIFTSHADER_ICD });
    expect(choice.mode).toBe('software-only');
    expect(choice.softwareReason).toBe('no hardware Vulkan driver installed');
  });

  it('lists hardware drivers first and SwiftShader last, dropping lavapipe', () => {
    const choice = chooseVulkanDrivers({
      env: {},
      installedManifests: [...MESA, LAVAPIPE],
      swiftShaderInstalled: true,
    });
    expect(choice.set).toEqual({ VK_ICD_FILENAMES: [...MESA, SWIFTSHADER_ICD].join(':') });
    expect(choice.mode).toBe('hardware-and-software');
    expect(choice.softwareReason).toBe('no hardware adapter found');
  });

  it('changes nothing without SwiftShader', () => {
    expect(chooseVulkanDrivers({ env: {}, installedManifests: MESA, swiftShaderInstalled: false }).set).toEqual({});
  });
});

describe('vulkanIcdDirectories', () => {
  it('follows the loader search order with XDG defaults', () => {
    expect(vulkanIcdDirectories({ HOME: '/home/u' })).toEqual([
      '/home/u/.config/vulkan/icd.d',
      '/etc/xdg/vulkan/icd.d',
      '/etc/vulkan/icd.d',
      '/home/u/.local/share/vulkan/icd.d',
      '/usr/local/share/vulkan/icd.d',
      '/usr/share/vulkan/icd.d',
      '/usr/local/nvidia/share/vulkan/icd.d',
    ]);
  });
});
